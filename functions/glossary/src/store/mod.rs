//! The storage the glossary function needs, stated as capability-sized ports.

mod dynamo;
mod memory;

use std::fmt;

use async_trait::async_trait;
use shared::http::lang::Lang;
pub use shared::storage::StorageError as StoreError;

use crate::domain::{IndexSource, Term};

pub use dynamo::{DynamoTermStore, BY_ID_INDEX};
pub use memory::MemoryTermStore;

/// What the term route reads: one term at a time.
#[async_trait]
pub trait TermReader: Send + Sync + 'static {
    /// The term whose slug in `lang` is `slug`.
    async fn by_slug(&self, lang: Lang, slug: &str) -> Result<Option<Term>, StoreError>;

    /// The term with this NCI id.
    async fn by_id(&self, id: u64) -> Result<Option<Term>, StoreError>;
}

/// What the search indexes are built from: a whole language at once.
#[async_trait]
pub trait IndexSourceReader: Send + Sync + 'static {
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
