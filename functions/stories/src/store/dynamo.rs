//! The DynamoDB adapter. One table:
//! - story: `pk = STORY#<id>`, `sk = STORY`, the record as JSON in `doc`, `version`, TTL
//!   `expires_at`; `gsi1` = status queue (`STATUS#<status>`, created time), `gsi2` = published
//!   stories per language (`PUBLISHED#<lang>`, published time), present only while approved;
//! - audit: `pk = STORY#<id>`, `sk = AUDIT#<time>#<version>`, no TTL: it outlives the story.
//!
//! A story and its audit entry are written in one transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::TransactWriteItem;
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, SecondsFormat, Utc};
use shared::aws::dynamo::item::{doc, get_doc, guarded_put, lost_race, n, query_docs, s, Item};
use shared::http::lang::Lang;
use shared::http::pagination::{Cursor, Page};

use super::{
    id_of_key, published_key, queue_key, Replace, StorageError, StoryLister, StoryReader,
    StoryWriter,
};
use crate::domain::story::{AuditEntry, StoryRecord, StoryStatus};

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

fn story_pk(id: &str) -> String {
    format!("STORY#{id}")
}

fn status_pk(status: StoryStatus) -> String {
    format!("STATUS#{}", status.code())
}

fn published_pk(lang: Lang) -> String {
    format!("PUBLISHED#{}", lang.code())
}

fn story_item(story: &StoryRecord) -> Item {
    let mut item = HashMap::from([
        ("pk".to_owned(), s(story_pk(&story.id))),
        ("sk".to_owned(), s("STORY")),
        (
            "doc".to_owned(),
            s(serde_json::to_string(story).expect("a story serializes")),
        ),
        ("version".to_owned(), n(i64::from(story.version))),
        ("gsi1pk".to_owned(), s(status_pk(story.status))),
        ("gsi1sk".to_owned(), s(queue_key(story))),
    ]);
    if let Some(expiry) = story.expires_at {
        item.insert("expires_at".to_owned(), n(expiry.timestamp()));
    }
    if story.status == StoryStatus::Approved {
        if let Some(key) = published_key(story) {
            item.insert("gsi2pk".to_owned(), s(published_pk(story.lang)));
            item.insert("gsi2sk".to_owned(), s(key));
        }
    }
    item
}

fn audit_item(entry: &AuditEntry) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(story_pk(&entry.story_id))),
        (
            "sk".to_owned(),
            s(format!(
                "AUDIT#{}#{:010}",
                entry.at.to_rfc3339_opts(SecondsFormat::Micros, true),
                entry.version
            )),
        ),
        (
            "doc".to_owned(),
            s(serde_json::to_string(entry).expect("an audit entry serializes")),
        ),
    ])
}

fn audit_put(table: &str, entry: &AuditEntry) -> Result<TransactWriteItem, StorageError> {
    guarded_put(
        table,
        audit_item(entry),
        "attribute_not_exists(pk)",
        Vec::new(),
    )
}

impl DynamoStoryStore {
    /// One page from an index, skipping expired stories, following DynamoDB's own pages
    /// until `limit` stories are found or the index ends.
    async fn page(
        &self,
        index: (&str, &str, &str),
        partition: String,
        newest_first: bool,
        limit: usize,
        after: Option<&Cursor>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord>, StorageError> {
        let (index_name, pk_name, sk_name) = index;
        let mut start: Option<Item> = match after {
            Some(cursor) => {
                let id = id_of_key(&cursor.0)
                    .ok_or_else(|| StorageError::Corrupt("cursor".to_owned()))?;
                Some(HashMap::from([
                    ("pk".to_owned(), s(story_pk(id))),
                    ("sk".to_owned(), s("STORY")),
                    (pk_name.to_owned(), s(partition.clone())),
                    (sk_name.to_owned(), s(cursor.0.clone())),
                ]))
            }
            None => None,
        };
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
            for item in output.items() {
                let story: StoryRecord = doc(item)?;
                if !story.is_expired(now) {
                    items.push((
                        item.get(sk_name)
                            .and_then(|v| v.as_s().ok())
                            .cloned()
                            .unwrap_or_default(),
                        story,
                    ));
                }
            }
            start = output.last_evaluated_key().cloned();
            if items.len() >= limit || start.is_none() {
                break;
            }
        }
        let next = if items.len() >= limit && start.is_some() {
            items.last().map(|(key, _)| Cursor(key.clone()))
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
        let story: Option<StoryRecord> =
            get_doc(&self.client, &self.table, story_pk(id), "STORY").await?;
        Ok(story.filter(|story| !story.is_expired(now)))
    }

    async fn audit_trail(&self, id: &str) -> Result<Vec<AuditEntry>, StorageError> {
        query_docs(&self.client, &self.table, story_pk(id), "AUDIT#").await
    }
}

#[async_trait]
impl StoryLister for DynamoStoryStore {
    async fn published(
        &self,
        lang: Lang,
        limit: usize,
        after: Option<&Cursor>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord>, StorageError> {
        self.page(
            ("gsi2", "gsi2pk", "gsi2sk"),
            published_pk(lang),
            true,
            limit,
            after,
            now,
        )
        .await
    }

    async fn by_status(
        &self,
        status: StoryStatus,
        limit: usize,
        after: Option<&Cursor>,
        now: DateTime<Utc>,
    ) -> Result<Page<StoryRecord>, StorageError> {
        self.page(
            ("gsi1", "gsi1pk", "gsi1sk"),
            status_pk(status),
            false,
            limit,
            after,
            now,
        )
        .await
    }
}

#[async_trait]
impl StoryWriter for DynamoStoryStore {
    async fn create(&self, story: &StoryRecord, audit: &AuditEntry) -> Result<(), StorageError> {
        self.client
            .transact_write_items()
            .transact_items(guarded_put(
                &self.table,
                story_item(story),
                "attribute_not_exists(pk)",
                Vec::new(),
            )?)
            .transact_items(audit_put(&self.table, audit)?)
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        Ok(())
    }

    async fn replace(
        &self,
        story: &StoryRecord,
        expected_version: u32,
        audit: &AuditEntry,
    ) -> Result<Replace, StorageError> {
        let result = self
            .client
            .transact_write_items()
            .transact_items(guarded_put(
                &self.table,
                story_item(story),
                "version = :expected",
                vec![(":expected", n(i64::from(expected_version)))],
            )?)
            .transact_items(audit_put(&self.table, audit)?)
            .send()
            .await;
        match result {
            Ok(_) => Ok(Replace::Done),
            Err(error) if lost_race(&error) => Ok(Replace::Stale),
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }
}
