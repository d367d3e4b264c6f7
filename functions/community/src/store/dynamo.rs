//! The DynamoDB adapter. One table keyed by the address's keyed hash:
//! - member: `pk = MEMBER#<hash>`, `sk = MEMBER`, the record as JSON in `doc`, `version`, TTL
//!   `expires_at` on pending signups;
//! - consent events: `pk = MEMBER#<hash>`, `sk = CONSENT#<time>#<kind>`, append-only, no TTL.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, SecondsFormat, Utc};
use shared::aws::dynamo::item::{get_doc, guarded_put, lost_race, n, query_docs, s, Item};

use super::{MemberReader, MemberWriter, StorageError, Write};
use crate::domain::consent::ConsentEvent;
use crate::domain::member::MemberRecord;

#[derive(Debug, Clone)]
pub struct DynamoMemberStore {
    client: Client,
    table: String,
}

impl DynamoMemberStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

fn pk(email_hash: &str) -> String {
    format!("MEMBER#{email_hash}")
}

fn member_item(record: &MemberRecord) -> Item {
    let mut item = HashMap::from([
        ("pk".to_owned(), s(pk(&record.email_hash))),
        ("sk".to_owned(), s("MEMBER")),
        (
            "doc".to_owned(),
            s(serde_json::to_string(record).expect("a record serializes")),
        ),
        ("version".to_owned(), n(i64::from(record.version))),
    ]);
    if let Some(expiry) = record.expires_at {
        item.insert("expires_at".to_owned(), n(expiry.timestamp()));
    }
    item
}

fn event_put(table: &str, event: &ConsentEvent) -> Result<TransactWriteItem, StorageError> {
    let kind = serde_json::to_value(event.kind).expect("a kind serializes");
    let item = HashMap::from([
        ("pk".to_owned(), s(pk(&event.email_hash))),
        (
            "sk".to_owned(),
            s(format!(
                "CONSENT#{}#{}",
                event.at.to_rfc3339_opts(SecondsFormat::Micros, true),
                kind.as_str().unwrap_or_default()
            )),
        ),
        (
            "doc".to_owned(),
            s(serde_json::to_string(event).expect("an event serializes")),
        ),
    ]);
    // Append-only: an event is never overwritten.
    guarded_put(table, item, "attribute_not_exists(pk)", Vec::new())
}

impl DynamoMemberStore {
    async fn write(
        &self,
        member: Put,
        event: Option<&ConsentEvent>,
    ) -> Result<Write, StorageError> {
        let mut request = self
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(member).build());
        if let Some(event) = event {
            request = request.transact_items(event_put(&self.table, event)?);
        }
        match request.send().await {
            Ok(_) => Ok(Write::Done),
            Err(error) if lost_race(&error) => Ok(Write::Conflict),
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }
}

#[async_trait]
impl MemberReader for DynamoMemberStore {
    async fn get(
        &self,
        email_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<MemberRecord>, StorageError> {
        let record: Option<MemberRecord> =
            get_doc(&self.client, &self.table, pk(email_hash), "MEMBER").await?;
        Ok(record.filter(|record| !record.is_expired(now)))
    }

    async fn consent_history(&self, email_hash: &str) -> Result<Vec<ConsentEvent>, StorageError> {
        query_docs(&self.client, &self.table, pk(email_hash), "CONSENT#").await
    }
}

#[async_trait]
impl MemberWriter for DynamoMemberStore {
    async fn create(
        &self,
        record: &MemberRecord,
        event: Option<&ConsentEvent>,
        now: DateTime<Utc>,
    ) -> Result<Write, StorageError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(member_item(record)))
            // A lapsed pending record still waiting for TTL counts as absent.
            .condition_expression("attribute_not_exists(pk) OR expires_at <= :now")
            .expression_attribute_values(":now", n(now.timestamp()))
            .build()
            .map_err(StorageError::unavailable)?;
        self.write(put, event).await
    }

    async fn replace(
        &self,
        record: &MemberRecord,
        expected_version: u32,
        event: Option<&ConsentEvent>,
    ) -> Result<Write, StorageError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(member_item(record)))
            .condition_expression("version = :expected")
            .expression_attribute_values(":expected", n(i64::from(expected_version)))
            .build()
            .map_err(StorageError::unavailable)?;
        self.write(put, event).await
    }
}
