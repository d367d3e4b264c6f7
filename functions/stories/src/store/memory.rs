//! The embedded adapter: in-process, the default for local runs.

use std::collections::BTreeMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::http::lang::Lang;
use shared::http::pagination::Page;

use shared::http::member::MemberId;

use super::{
    owned_position, published_position, queue_position, Created, OwnedStories, PageRequest,
    Replace, Replacement, StorageError, StoryLister, StoryPage, StoryReader, StoryWriter,
};
use crate::domain::story::{AuditEntry, ListPosition, StoryRecord, StoryStatus};

#[derive(Debug, Default)]
struct Tables {
    stories: BTreeMap<String, StoryRecord>,
    audit: Vec<AuditEntry>,
}

#[derive(Debug, Default)]
pub struct MemoryStoryStore {
    tables: Mutex<Tables>,
}

impl MemoryStoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// One page of the live stories an index holds: `position_in` is a story's place in it,
    /// `None` for a story the index leaves out.
    fn listed(
        &self,
        position_in: impl Fn(&StoryRecord) -> Option<ListPosition>,
        newest_first: bool,
        PageRequest { limit, after, now }: PageRequest<'_>,
    ) -> StoryPage {
        let tables = self.tables.lock().expect("lock poisoned");
        let positioned = tables
            .stories
            .values()
            .filter(|story| !story.is_expired(now))
            .filter_map(|story| Some((position_in(story)?, story.clone())))
            .collect();
        page(positioned, newest_first, limit, after)
    }
}

/// One page of `positioned`, ordered by the positions' keys as DynamoDB orders its index.
fn page(
    positioned: Vec<(ListPosition, StoryRecord)>,
    newest_first: bool,
    limit: usize,
    after: Option<&ListPosition>,
) -> Page<StoryRecord, ListPosition> {
    let mut keyed: Vec<_> = positioned
        .into_iter()
        .map(|(position, story)| (position.key(), (position, story)))
        .collect();
    let after = after.map(ListPosition::key);
    keyed.sort_by(|a, b| {
        if newest_first {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        }
    });
    let remaining: Vec<_> = keyed
        .into_iter()
        .filter(|(key, _)| match &after {
            Some(after) if newest_first => key < after,
            Some(after) => key > after,
            None => true,
        })
        .collect();
    let more = remaining.len() > limit;
    let items: Vec<_> = remaining.into_iter().take(limit).collect();
    Page {
        next: more.then(|| items.last().expect("more implies some").1 .0.clone()),
        items: items.into_iter().map(|(_, (_, story))| story).collect(),
    }
}

#[async_trait]
impl StoryReader for MemoryStoryStore {
    async fn get(&self, id: &str, now: DateTime<Utc>) -> Result<Option<StoryRecord>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        Ok(tables
            .stories
            .get(id)
            .filter(|story| !story.is_expired(now))
            .cloned())
    }

    async fn audit_trail(&self, id: &str) -> Result<Vec<AuditEntry>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        Ok(tables
            .audit
            .iter()
            .filter(|entry| entry.story_id == id)
            .cloned()
            .collect())
    }
}

#[async_trait]
impl StoryLister for MemoryStoryStore {
    async fn published(
        &self,
        lang: Lang,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        let published = |story: &StoryRecord| {
            (story.status == StoryStatus::Approved && story.lang == lang)
                .then(|| published_position(story))
                .flatten()
        };
        Ok(self.listed(published, true, page))
    }

    async fn by_status(
        &self,
        status: StoryStatus,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        let queued = |story: &StoryRecord| (story.status == status).then(|| queue_position(story));
        Ok(self.listed(queued, false, page))
    }
}

#[async_trait]
impl OwnedStories for MemoryStoryStore {
    async fn owned_by(
        &self,
        owner: &MemberId,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        let owned = |story: &StoryRecord| {
            (story.owner.as_ref() == Some(owner))
                .then(|| owned_position(story))
                .flatten()
        };
        Ok(self.listed(owned, true, page))
    }
}

#[async_trait]
impl StoryWriter for MemoryStoryStore {
    async fn create(
        &self,
        story: &StoryRecord,
        audit: &AuditEntry,
    ) -> Result<Created, StorageError> {
        let mut tables = self.tables.lock().expect("lock poisoned");
        if tables.stories.contains_key(&story.id) {
            return Ok(Created::Exists);
        }
        tables.stories.insert(story.id.clone(), story.clone());
        tables.audit.push(audit.clone());
        Ok(Created::Done)
    }

    async fn replace(&self, change: Replacement<'_>) -> Result<Replace, StorageError> {
        let story = change.story;
        let mut tables = self.tables.lock().expect("lock poisoned");
        match tables.stories.get(&story.id) {
            Some(stored) if stored.version == change.expected_version => {
                tables.stories.insert(story.id.clone(), story.clone());
                for entry in tables.audit.iter_mut() {
                    let same = |other: &&AuditEntry| {
                        other.story_id == entry.story_id
                            && other.at == entry.at
                            && other.version == entry.version
                    };
                    if let Some(new) = change.rewritten.iter().find(same) {
                        *entry = new.clone();
                    }
                }
                tables.audit.push(change.audit.clone());
                Ok(Replace::Done)
            }
            _ => Ok(Replace::Stale),
        }
    }
}
