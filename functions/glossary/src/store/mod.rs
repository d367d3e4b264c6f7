//! The storage the glossary function needs, stated as capability-sized ports.

mod dynamo;
mod memory;
mod snapshot;

use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
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

/// Where the search index snapshot is kept (`domain::snapshot`): written by the seed command
/// after the terms, read at a cold start instead of every term.
#[async_trait]
pub trait SnapshotReader: Send + Sync + 'static {
    /// What the current snapshot is, if there is one: one small read, also how a warm instance
    /// notices a newer one.
    async fn snapshot_head(&self) -> Result<Option<SnapshotHead>, StoreError>;

    /// The bytes of `lang` in the snapshot `head` names; `None` when they are not all there (a
    /// later seed replaced that snapshot meanwhile).
    async fn snapshot_part(
        &self,
        head: &SnapshotHead,
        lang: Lang,
    ) -> Result<Option<Vec<u8>>, StoreError>;
}

/// What the seed command writes after the terms.
#[async_trait]
pub trait SnapshotWriter: Send + Sync + 'static {
    /// Makes `parts` the current snapshot, as `version` of `format`; `false` (nothing written)
    /// when it already is.
    async fn put_snapshot(
        &self,
        format: u32,
        version: &str,
        parts: &[(Lang, Vec<u8>)],
    ) -> Result<bool, StoreError>;
}

/// The current snapshot: its layout, its version (a digest of its bytes), and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotHead {
    pub format: u32,
    pub version: String,
    pub parts: Vec<SnapshotPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotPart {
    pub lang: Lang,
    pub bytes: u64,
    /// How many pieces the store keeps it in (DynamoDB items are at most 400 KB).
    pub chunks: u32,
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
