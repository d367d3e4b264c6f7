//! The storage the stories function needs, as capability-sized ports.

mod dynamo;
mod memory;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::http::lang::Lang;
use shared::http::member::MemberId;
use shared::http::pagination::Page;
pub use shared::storage::StorageError;

use crate::domain::story::{AuditEntry, ListPosition, StoryRecord, StoryStatus};

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

/// A page of stories and where the next one starts.
pub type StoryPage = Page<StoryRecord, ListPosition>;

/// Which page of a list to read: at most `limit` stories after `after`, as of `now` (expired
/// stories are left out).
#[derive(Debug, Clone, Copy)]
pub struct PageRequest<'a> {
    pub limit: usize,
    pub after: Option<&'a ListPosition>,
    pub now: DateTime<Utc>,
}

/// Listing stories page by page.
#[async_trait]
pub trait StoryLister: Send + Sync + 'static {
    /// Published stories in `lang`, newest first.
    async fn published(&self, lang: Lang, page: PageRequest<'_>)
        -> Result<StoryPage, StorageError>;

    /// Stories in `status`, oldest first (a moderation queue).
    async fn by_status(
        &self,
        status: StoryStatus,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    Done,
    /// The stored version was not the expected one.
    Stale,
}

/// What `create` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    Done,
    /// A story with this id is stored already (a retried submission): nothing was written.
    Exists,
}

/// A change of a stored story, guarded by the version it was read at.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    pub story: &'a StoryRecord,
    pub expected_version: u32,
    pub audit: &'a AuditEntry,
    /// Earlier audit entries of the story, same `at` and `version`, rewritten.
    pub rewritten: &'a [AuditEntry],
}

/// Writing a story and its audit entry together: both or neither.
#[async_trait]
pub trait StoryWriter: Send + Sync + 'static {
    async fn create(
        &self,
        story: &StoryRecord,
        audit: &AuditEntry,
    ) -> Result<Created, StorageError>;

    /// Replaces the story if its stored version is still `expected_version`, appends `audit`,
    /// and overwrites each of `rewritten`: all or nothing.
    async fn replace(&self, change: Replacement<'_>) -> Result<Replace, StorageError>;
}

/// Listing a member's own stories.
#[async_trait]
pub trait OwnedStories: Send + Sync + 'static {
    /// The stories `owner` submitted signed in, newest first, expired ones left out.
    async fn owned_by(
        &self,
        owner: &MemberId,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError>;
}

/// Every capability of one adapter: the contract tests and `StoryPorts::of` need it.
pub trait StoryStore: StoryReader + StoryLister + StoryWriter + OwnedStories {}
impl<T: StoryReader + StoryLister + StoryWriter + OwnedStories> StoryStore for T {}

/// The story ports, each on its own so that a route gets only what it uses.
#[derive(Clone)]
pub struct StoryPorts {
    pub reader: Arc<dyn StoryReader>,
    pub lister: Arc<dyn StoryLister>,
    pub writer: Arc<dyn StoryWriter>,
    pub owned: Arc<dyn OwnedStories>,
}

impl StoryPorts {
    /// One adapter behind every port.
    pub fn of(store: impl StoryStore) -> Self {
        let store = Arc::new(store);
        Self {
            reader: store.clone(),
            lister: store.clone(),
            writer: store.clone(),
            owned: store,
        }
    }
}

/// Where a published story sits in its language's list, newest first.
pub(crate) fn published_position(story: &StoryRecord) -> Option<ListPosition> {
    story
        .published_at
        .map(|at| ListPosition::new(at, &story.id))
}

/// Where an owned story sits in its member's list, newest first.
pub(crate) fn owned_position(story: &StoryRecord) -> Option<ListPosition> {
    story.owner.as_ref().map(|_| queue_position(story))
}

/// Where a story sits in its status queue, oldest first.
pub(crate) fn queue_position(story: &StoryRecord) -> ListPosition {
    ListPosition::new(story.created_at, &story.id)
}
