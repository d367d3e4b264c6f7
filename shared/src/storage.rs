//! The error every storage adapter reports, whatever the store, and the lifetime of a record
//! that lapses.

use chrono::{DateTime, Utc};

/// A record's life by the caller's clock (never the wall clock, so that adapters agree with
/// the caller about time): written at `now`, lapsed from `expires_at` on, when adapters treat
/// it as absent (DynamoDB's TTL deletes it some time later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Lifetime {
    pub fn new(now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Self {
        Self { now, expires_at }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the store could not be reached")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("a stored item is unreadable: {0}")]
    Corrupt(String),
}

impl StorageError {
    pub fn unavailable(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unavailable(Box::new(error))
    }
}
