//! The storage the stories function needs, as capability-sized ports.

mod dynamo;
mod memory;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use shared::http::lang::Lang;
use shared::http::pagination::{Cursor, Page};
pub use shared::storage::StorageError;

use crate::domain::story::{AuditEntry, StoryRecord, StoryStatus};

pub use dynamo::DynamoStoryStore;
pub use memory::MemoryStoryStore;

/// Reading one story with everything, as moderators and withdrawal need.
#[async_trait]
pub trait StoryReader: Send + Sync + 'static {
    /// The story, unless it is unknown or past its expiry (TTL deletes it a little later).
    async fn get(&self, id: &str, now: DateTime<Utc>) -> Result<Option<StoryRecord>, StorageError>;

    /// The story's audit trail, oldest first.
    async fn audit_trail(&self, id: &str) -> Result<Vec<AuditEntry>, StorageError>;
}

/// Listing stories page by page.
#[async_trait]
pub trait StoryLister: Send + Sync + 'static {
    /// Published stories in `lang`, newest first.
    async fn published(
        &self,
        lang: Lang,
        limit: usize,
        after: Option<&Cursor>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord>, StorageError>;

    /// Stories in `status`, oldest first (a moderation queue).
    async fn by_status(
        &self,
        status: StoryStatus,
        limit: usize,
        after: Option<&Cursor>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord>, StorageError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    Done,
    /// The stored version was not the expected one.
    Stale,
}

/// Writing a story and its audit entry together: both or neither.
#[async_trait]
pub trait StoryWriter: Send + Sync + 'static {
    async fn create(&self, story: &StoryRecord, audit: &AuditEntry) -> Result<(), StorageError>;

    /// Replaces the story if its stored version is still `expected_version`.
    async fn replace(
        &self,
        story: &StoryRecord,
        expected_version: u32,
        audit: &AuditEntry,
    ) -> Result<Replace, StorageError>;
}

/// Every capability of one adapter: the contract tests and `StoryPorts::of` need it.
pub trait StoryStore: StoryReader + StoryLister + StoryWriter {}
impl<T: StoryReader + StoryLister + StoryWriter> StoryStore for T {}

/// The story ports, each on its own so that a route gets only what it uses.
#[derive(Clone)]
pub struct StoryPorts {
    pub reader: Arc<dyn StoryReader>,
    pub lister: Arc<dyn StoryLister>,
    pub writer: Arc<dyn StoryWriter>,
}

impl StoryPorts {
    /// One adapter behind every port.
    pub fn of(store: impl StoryStore) -> Self {
        let store = Arc::new(store);
        Self {
            reader: store.clone(),
            lister: store.clone(),
            writer: store,
        }
    }
}

fn timestamp_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Newest-first key of a published story.
pub(crate) fn published_key(story: &StoryRecord) -> Option<String> {
    story
        .published_at
        .map(|at| format!("{}#{}", timestamp_key(at), story.id))
}

/// Oldest-first key of a story in its status queue.
pub(crate) fn queue_key(story: &StoryRecord) -> String {
    format!("{}#{}", timestamp_key(story.created_at), story.id)
}

/// The story id at the end of a sort key.
pub(crate) fn id_of_key(key: &str) -> Option<&str> {
    key.rsplit_once('#')
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
}
