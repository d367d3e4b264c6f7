//! The storage the glossary function needs, stated as capability-sized ports.

mod dynamo;
mod memory;
mod snapshot;

use std::collections::HashMap;
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

/// What the search answers read while an instance has not loaded the snapshot's definitions
/// yet: the term items' own `definition`, for the few terms of one answer.
#[async_trait]
pub trait DefinitionReader: Send + Sync + 'static {
    /// slug → the primary definition's text, for the terms of `slugs` (at most 100) in `lang`
    /// that have one.
    async fn definitions(
        &self,
        lang: Lang,
        slugs: &[&str],
    ) -> Result<HashMap<String, String>, StoreError>;
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

    /// The bytes of `lang`'s `piece` in the snapshot `head` names; `None` when they are not all
    /// there (a later seed replaced that snapshot meanwhile).
    async fn snapshot_part(
        &self,
        head: &SnapshotHead,
        lang: Lang,
        piece: Piece,
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
        parts: &[PartBytes],
    ) -> Result<bool, StoreError>;
}

/// One part of a snapshot with its bytes.
pub type PartBytes = (Lang, Piece, Vec<u8>);

/// The pieces of a language's snapshot (`domain::Snapshot`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Piece {
    /// What answers; an older build's head names only these, without the field.
    #[default]
    Index,
    Definitions,
}

impl Piece {
    pub const ALL: [Piece; 2] = [Piece::Index, Piece::Definitions];

    pub fn code(self) -> &'static str {
        match self {
            Piece::Index => "index",
            Piece::Definitions => "definitions",
        }
    }
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
    #[serde(default)]
    pub piece: Piece,
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
