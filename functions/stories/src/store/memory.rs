//! The embedded adapter: in-process, the default for local runs.

use std::collections::BTreeMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::http::lang::Lang;
use shared::http::pagination::Page;

use shared::http::member::MemberId;

use super::{
    owned_position, published_position, queue_position, Created, OwnedStories, Replace,
    StorageError, StoryLister, StoryReader, StoryWriter,
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
        limit: usize,
        after: Option<&ListPosition>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord, ListPosition>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        let keyed = tables
            .stories
            .values()
            .filter(|story| {
                story.status == StoryStatus::Approved
                    && story.lang == lang
                    && !story.is_expired(now)
            })
            .filter_map(|story| Some((published_position(story)?, story.clone())))
            .collect();
        Ok(page(keyed, true, limit, after))
    }

    async fn by_status(
        &self,
        status: StoryStatus,
        limit: usize,
        after: Option<&ListPosition>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord, ListPosition>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        let keyed = tables
            .stories
            .values()
            .filter(|story| story.status == status && !story.is_expired(now))
            .map(|story| (queue_position(story), story.clone()))
            .collect();
        Ok(page(keyed, false, limit, after))
    }
}

#[async_trait]
impl OwnedStories for MemoryStoryStore {
    async fn owned_by(
        &self,
        owner: &MemberId,
        limit: usize,
        after: Option<&ListPosition>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord, ListPosition>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        let keyed = tables
            .stories
            .values()
            .filter(|story| story.owner.as_ref() == Some(owner) && !story.is_expired(now))
            .filter_map(|story| Some((owned_position(story)?, story.clone())))
            .collect();
        Ok(page(keyed, true, limit, after))
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

    async fn replace(
        &self,
        story: &StoryRecord,
        expected_version: u32,
        audit: &AuditEntry,
        rewritten: &[AuditEntry],
    ) -> Result<Replace, StorageError> {
        let mut tables = self.tables.lock().expect("lock poisoned");
        match tables.stories.get(&story.id) {
            Some(stored) if stored.version == expected_version => {
                tables.stories.insert(story.id.clone(), story.clone());
                for entry in tables.audit.iter_mut() {
                    let same = |other: &&AuditEntry| {
                        other.story_id == entry.story_id
                            && other.at == entry.at
                            && other.version == entry.version
                    };
                    if let Some(new) = rewritten.iter().find(same) {
                        *entry = new.clone();
                    }
                }
                tables.audit.push(audit.clone());
                Ok(Replace::Done)
            }
            _ => Ok(Replace::Stale),
        }
    }
}
