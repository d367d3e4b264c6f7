//! The storage the glossary function needs, stated as capability-sized ports.

mod dynamo;
mod memory;

use std::fmt;

use async_trait::async_trait;
use shared::http::lang::Lang;
use shared::ApiError;

use crate::domain::{IndexSource, Term};

pub use dynamo::{DynamoTermStore, BY_ID_INDEX};
pub use memory::MemoryTermStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the glossary store could not be reached")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("a stored term is unreadable: {0}")]
    Corrupt(String),
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        ApiError::internal(error)
    }
}

/// What the public routes read.
#[async_trait]
pub trait TermReader: Send + Sync + 'static {
    /// The term whose slug in `lang` is `slug`.
    async fn by_slug(&self, lang: Lang, slug: &str) -> Result<Option<Term>, StoreError>;

    /// The term with this NCI id.
    async fn by_id(&self, id: u64) -> Result<Option<Term>, StoreError>;

    /// Every term published in `lang`, as much of it as the search index needs, in any order.
    async fn index_sources(&self, lang: Lang) -> Result<Vec<IndexSource>, StoreError>;
}

/// What the seed command writes.
#[async_trait]
pub trait TermWriter: Send + Sync + 'static {
    /// Makes the store hold exactly `terms`, writing only what changed.
    async fn sync_terms(&self, terms: &[Term]) -> Result<SyncReport, StoreError>;
}

/// What a sync did, counted in stored items (one per term and language).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Items of terms, or slugs, that are no longer in the glossary.
    pub removed: usize,
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged, {} removed",
            self.created, self.updated, self.unchanged, self.removed
        )
    }
}
