//! The DynamoDB adapter, in the items' common layout: one table, each record's fields as the
//! item's attributes.
//! - story: `pk = STORY#<id>`, `sk = STORY`, TTL `expires_at`; `gsi1` = status queue
//!   (`STATUS#<status>`, created time), `gsi2` = published stories per language
//!   (`PUBLISHED#<lang>`, published time), present only while approved; `gsi3` = a member's
//!   own stories (`OWNER#<member id>`, created time), present only while a member owns it;
//! - audit: `pk = STORY#<id>`, `sk = AUDIT#<time>#<version>`, no TTL: it outlives the story.
//!
//! A story and its audit entry are written in one transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::TransactWriteItem;
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use shared::aws::dynamo::item::{
    from_item, get, guarded_put, lost_race, n, query, s, to_item, ttl, Item,
};
use shared::http::lang::Lang;
use shared::http::pagination::Page;

use shared::http::member::MemberId;

use super::{
    owned_position, published_position, queue_position, Created, OwnedStories, PageRequest,
    Replace, Replacement, StorageError, StoryLister, StoryPage, StoryReader, StoryWriter,
};
use crate::domain::story::{AuditEntry, ListPosition, StoryRecord, StoryStatus};

#[derive(Debug, Clone)]
pub struct DynamoStoryStore {
    client: Client,
    table: String,
}

impl DynamoStoryStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

/// A story as stored: the keys, the index keys, the TTL, and the record (whose `version` the
/// replace checks).
#[derive(Serialize, Deserialize)]
struct StoryItem {
    pk: String,
    sk: String,
    gsi1pk: String,
    gsi1sk: String,
    /// Only while approved: the published index is sparse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi2pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi2sk: Option<String>,
    /// Only while a member owns the story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi3pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi3sk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<i64>,
    #[serde(flatten)]
    story: StoryRecord,
}

/// An audit entry as stored.
#[derive(Serialize, Deserialize)]
struct AuditItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    entry: AuditEntry,
}

/// A secondary index and where a story sits in it.
struct Index {
    name: &'static str,
    pk: &'static str,
    sk: &'static str,
    position_of: fn(&StoryRecord) -> Option<ListPosition>,
}

const QUEUES: Index = Index {
    name: "gsi1",
    pk: "gsi1pk",
    sk: "gsi1sk",
    position_of: |story| Some(queue_position(story)),
};

const PUBLISHED: Index = Index {
    name: "gsi2",
    pk: "gsi2pk",
    sk: "gsi2sk",
    position_of: published_position,
};

const OWNED: Index = Index {
    name: "gsi3",
    pk: "gsi3pk",
    sk: "gsi3sk",
    position_of: owned_position,
};

fn story_pk(id: &str) -> String {
    format!("STORY#{id}")
}

fn status_pk(status: StoryStatus) -> String {
    format!("STATUS#{}", status.code())
}

fn published_pk(lang: Lang) -> String {
    format!("PUBLISHED#{}", lang.code())
}

fn owner_pk(owner: &MemberId) -> String {
    format!("OWNER#{owner}")
}

fn story_item(story: &StoryRecord) -> Result<Item, StorageError> {
    let published = published_position(story).filter(|_| story.status == StoryStatus::Approved);
    to_item(&StoryItem {
        pk: story_pk(&story.id),
        sk: "STORY".to_owned(),
        gsi1pk: status_pk(story.status),
        gsi1sk: queue_position(story).key(),
        gsi2pk: published.as_ref().map(|_| published_pk(story.lang)),
        gsi2sk: published.map(|position| position.key()),
        gsi3pk: story.owner.as_ref().map(owner_pk),
        gsi3sk: owned_position(story).map(|position| position.key()),
        expires_at: ttl(story.expires_at),
        story: story.clone(),
    })
}

fn audit_item(entry: &AuditEntry) -> Result<Item, StorageError> {
    to_item(&AuditItem {
        pk: story_pk(&entry.story_id),
        sk: format!(
            "AUDIT#{}#{:010}",
            entry.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            entry.version
        ),
        entry: entry.clone(),
    })
}

fn audit_put(table: &str, entry: &AuditEntry) -> Result<TransactWriteItem, StorageError> {
    guarded_put(
        table,
        audit_item(entry)?,
        "attribute_not_exists(pk)",
        Vec::new(),
    )
}

/// Overwrites an audit entry that exists (same story, time and version).
fn audit_rewrite(table: &str, entry: &AuditEntry) -> Result<TransactWriteItem, StorageError> {
    guarded_put(
        table,
        audit_item(entry)?,
        "attribute_exists(pk)",
        Vec::new(),
    )
}

/// DynamoDB's most writes in one TransactWriteItems.
const TRANSACTION_LIMIT: usize = 100;

impl DynamoStoryStore {
    /// One page from an index, skipping expired stories, following DynamoDB's own pages
    /// until `limit` stories are found or the index ends.
    async fn page(
        &self,
        index: Index,
        partition: String,
        newest_first: bool,
        PageRequest { limit, after, now }: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        let Index {
            name: index_name,
            pk: pk_name,
            sk: sk_name,
            position_of,
        } = index;
        // Any position starts a query: DynamoDB needs the key's attributes, not the item.
        let mut start: Option<Item> = after.map(|position| {
            HashMap::from([
                ("pk".to_owned(), s(story_pk(position.id()))),
                ("sk".to_owned(), s("STORY")),
                (pk_name.to_owned(), s(partition.clone())),
                (sk_name.to_owned(), s(position.key())),
            ])
        });
        let mut items = Vec::new();
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index_name)
                .key_condition_expression("#pk = :pk")
                .filter_expression("attribute_not_exists(expires_at) OR expires_at > :now")
                .expression_attribute_names("#pk", pk_name)
                .expression_attribute_values(":pk", s(partition.clone()))
                .expression_attribute_values(":now", n(now.timestamp()))
                .scan_index_forward(!newest_first)
                .limit((limit - items.len()) as i32)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(StorageError::unavailable)?;
            for item in output.items.unwrap_or_default() {
                let StoryItem { story, .. } = from_item(item)?;
                if !story.is_expired(now) {
                    // The index key was made from the record: the position is the record's.
                    let position = position_of(&story).ok_or_else(|| {
                        StorageError::Corrupt(format!("{} in {index_name}", story.id))
                    })?;
                    items.push((position, story));
                }
            }
            start = output.last_evaluated_key;
            if items.len() >= limit || start.is_none() {
                break;
            }
        }
        let next = if items.len() >= limit && start.is_some() {
            items.last().map(|(position, _)| position.clone())
        } else {
            None
        };
        Ok(Page {
            items: items.into_iter().map(|(_, story)| story).collect(),
            next,
        })
    }
}

#[async_trait]
impl StoryReader for DynamoStoryStore {
    async fn get(&self, id: &str, now: DateTime<Utc>) -> Result<Option<StoryRecord>, StorageError> {
        let item: Option<StoryItem> = get(&self.client, &self.table, story_pk(id), "STORY").await?;
        Ok(item
            .map(|item| item.story)
            .filter(|story| !story.is_expired(now)))
    }

    async fn audit_trail(&self, id: &str) -> Result<Vec<AuditEntry>, StorageError> {
        let items: Vec<AuditItem> =
            query(&self.client, &self.table, story_pk(id), "AUDIT#").await?;
        Ok(items.into_iter().map(|item| item.entry).collect())
    }
}

#[async_trait]
impl StoryLister for DynamoStoryStore {
    async fn published(
        &self,
        lang: Lang,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        self.page(PUBLISHED, published_pk(lang), true, page).await
    }

    async fn by_status(
        &self,
        status: StoryStatus,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        self.page(QUEUES, status_pk(status), false, page).await
    }
}

#[async_trait]
impl OwnedStories for DynamoStoryStore {
    async fn owned_by(
        &self,
        owner: &MemberId,
        page: PageRequest<'_>,
    ) -> Result<StoryPage, StorageError> {
        self.page(OWNED, owner_pk(owner), true, page).await
    }
}

#[async_trait]
impl StoryWriter for DynamoStoryStore {
    async fn create(
        &self,
        story: &StoryRecord,
        audit: &AuditEntry,
    ) -> Result<Created, StorageError> {
        let result = self
            .client
            .transact_write_items()
            .transact_items(guarded_put(
                &self.table,
                story_item(story)?,
                "attribute_not_exists(pk)",
                Vec::new(),
            )?)
            .transact_items(audit_put(&self.table, audit)?)
            .send()
            .await;
        match result {
            Ok(_) => Ok(Created::Done),
            // The story's put is the only guarded one: its id is taken.
            Err(error) if condition_failed(&error) => Ok(Created::Exists),
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }

    async fn replace(&self, change: Replacement<'_>) -> Result<Replace, StorageError> {
        // A transaction holds at most 100 writes. Rewrites beyond what fits beside the story and
        // its new entry go first, on their own: they only remove text (a withdrawal's), so doing
        // them early is safe even if the replace then loses a race.
        let room = TRANSACTION_LIMIT - 2;
        let rewritten = change.rewritten;
        let (early, inside) = rewritten.split_at(rewritten.len().saturating_sub(room));
        for chunk in early.chunks(TRANSACTION_LIMIT) {
            let writes = chunk
                .iter()
                .map(|entry| audit_rewrite(&self.table, entry))
                .collect::<Result<Vec<_>, _>>()?;
            self.client
                .transact_write_items()
                .set_transact_items(Some(writes))
                .send()
                .await
                .map_err(StorageError::unavailable)?;
        }
        let mut writes = vec![
            guarded_put(
                &self.table,
                story_item(change.story)?,
                "version = :expected",
                vec![(":expected", n(i64::from(change.expected_version)))],
            )?,
            audit_put(&self.table, change.audit)?,
        ];
        for entry in inside {
            writes.push(audit_rewrite(&self.table, entry)?);
        }
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(writes))
            .send()
            .await;
        match result {
            Ok(_) => Ok(Replace::Done),
            Err(error) if lost_race(&error) => Ok(Replace::Stale),
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }
}

/// Whether a transaction was cancelled by a failed condition (not by a concurrent transaction,
/// whose outcome is not known yet).
fn condition_failed(error: &SdkError<TransactWriteItemsError>) -> bool {
    match error {
        SdkError::ServiceError(service) => match service.err() {
            TransactWriteItemsError::TransactionCanceledException(cancelled) => cancelled
                .cancellation_reasons()
                .iter()
                .any(|reason| reason.code() == Some("ConditionalCheckFailed")),
            _ => false,
        },
        _ => false,
    }
}
