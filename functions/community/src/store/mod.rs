//! The storage the community function needs, as capability-sized ports. A member record and
//! its consent event are written together, or not at all.

mod dynamo;
mod memory;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
pub use shared::storage::StorageError;

use crate::domain::consent::{ConsentEvent, EventKey};
use crate::domain::member::MemberRecord;

pub use dynamo::DynamoMemberStore;
pub use memory::MemoryMemberStore;

#[async_trait]
pub trait MemberReader: Send + Sync + 'static {
    /// The member, unless unknown or a pending signup past its expiry.
    async fn get(
        &self,
        email_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<MemberRecord>, StorageError>;

    /// Every consent event of the address, oldest first (append-only; a signup never confirmed
    /// lapses with its pending record).
    async fn consent_history(&self, email_hash: &str) -> Result<Vec<ConsentEvent>, StorageError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Done,
    /// Another request changed the record first; read again and retry.
    Conflict,
}

/// A change of a stored record, guarded by the version it was read at.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    pub record: &'a MemberRecord,
    pub expected_version: u32,
    pub event: Option<&'a ConsentEvent>,
    pub keep: Option<&'a EventKey>,
}

#[async_trait]
pub trait MemberWriter: Send + Sync + 'static {
    /// Stores `record` if there is no live record for its address yet.
    async fn create(
        &self,
        record: &MemberRecord,
        event: Option<&ConsentEvent>,
        now: DateTime<Utc>,
    ) -> Result<Write, StorageError>;

    /// Replaces the record if its stored version is still `expected_version`, appending `event`
    /// and making the event `keep` names permanent (no longer lapsing), all together. A record
    /// that lapses replaces only a pending one: a suppression entry (unsubscribed, erased) or a
    /// member never gets a lapse (`Write::Conflict`).
    async fn replace(&self, change: Replacement<'_>) -> Result<Write, StorageError>;
}

/// Every capability of one adapter: the contract tests and `MemberPorts::of` need it.
pub trait MemberStore: MemberReader + MemberWriter {}
impl<T: MemberReader + MemberWriter> MemberStore for T {}

/// The member ports, each on its own so that a route gets only what it uses.
#[derive(Clone)]
pub struct MemberPorts {
    pub reader: Arc<dyn MemberReader>,
    pub writer: Arc<dyn MemberWriter>,
}

impl MemberPorts {
    /// One adapter behind every port.
    pub fn of(store: impl MemberStore) -> Self {
        let store = Arc::new(store);
        Self {
            reader: store.clone(),
            writer: store,
        }
    }
}
