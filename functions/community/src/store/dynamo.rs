//! The DynamoDB adapter, in the items' common layout. One table keyed by the address's keyed
//! hash, each record's fields as the item's attributes:
//! - member: `pk = MEMBER#<hash>`, `sk = MEMBER`, TTL `expires_at` on pending signups only: a
//!   write that would give a lapse to the record of an address that left (a suppression entry)
//!   is refused, so a pending signup's TTL can never delete one;
//! - consent events: `pk = MEMBER#<hash>`, `sk = CONSENT#<time>#<kind>`, append-only; a signup's
//!   has the TTL of its pending record until the signup is confirmed.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem, Update};
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use shared::aws::dynamo::item::{get, guarded_put, lost_race, n, query, s, to_item, ttl, Item};

use super::{MemberReader, MemberWriter, Replacement, StorageError, Write};
use crate::domain::consent::{ConsentEvent, EventKey};
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

/// A member as stored: the keys, the TTL, and the record (whose `version` the writes check).
#[derive(Serialize, Deserialize)]
struct MemberItem {
    pk: String,
    sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<i64>,
    #[serde(flatten)]
    member: MemberRecord,
}

/// A consent event as stored; a lapsing one (a signup not yet confirmed) has a TTL.
#[derive(Serialize, Deserialize)]
struct ConsentItem {
    pk: String,
    sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<i64>,
    #[serde(flatten)]
    event: ConsentEvent,
}

fn event_sk(key: &EventKey) -> String {
    let kind = serde_json::to_value(key.kind).expect("a kind serializes");
    format!(
        "CONSENT#{}#{}",
        key.at.to_rfc3339_opts(SecondsFormat::Micros, true),
        kind.as_str().unwrap_or_default()
    )
}

/// Makes an event permanent: removes its lapse and TTL, nothing else (events are append-only).
fn event_keep(table: &str, key: &EventKey) -> Result<TransactWriteItem, StorageError> {
    let update = Update::builder()
        .table_name(table)
        .key("pk", s(pk(&key.email_hash)))
        .key("sk", s(event_sk(key)))
        .update_expression("REMOVE expires_at, expiry")
        .condition_expression("attribute_exists(pk)")
        .build()
        .map_err(StorageError::unavailable)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

fn pk(email_hash: &str) -> String {
    format!("MEMBER#{email_hash}")
}

fn member_item(record: &MemberRecord) -> Result<Item, StorageError> {
    to_item(&MemberItem {
        pk: pk(&record.email_hash),
        sk: "MEMBER".to_owned(),
        expires_at: ttl(record.expires_at),
        member: record.clone(),
    })
}

fn event_put(table: &str, event: &ConsentEvent) -> Result<TransactWriteItem, StorageError> {
    let item = to_item(&ConsentItem {
        pk: pk(&event.email_hash),
        sk: event_sk(&event.key()),
        expires_at: ttl(event.expires_at),
        event: event.clone(),
    })?;
    // Append-only: an event is never overwritten.
    guarded_put(table, item, "attribute_not_exists(pk)", Vec::new())
}

impl DynamoMemberStore {
    async fn write(
        &self,
        member: Put,
        event: Option<&ConsentEvent>,
        keep: Option<&EventKey>,
    ) -> Result<Write, StorageError> {
        let mut request = self
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(member).build());
        if let Some(event) = event {
            request = request.transact_items(event_put(&self.table, event)?);
        }
        if let Some(key) = keep {
            request = request.transact_items(event_keep(&self.table, key)?);
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
        let item: Option<MemberItem> =
            get(&self.client, &self.table, pk(email_hash), "MEMBER").await?;
        Ok(item
            .map(|item| item.member)
            .filter(|record| !record.is_expired(now)))
    }

    async fn consent_history(&self, email_hash: &str) -> Result<Vec<ConsentEvent>, StorageError> {
        let items: Vec<ConsentItem> =
            query(&self.client, &self.table, pk(email_hash), "CONSENT#").await?;
        Ok(items.into_iter().map(|item| item.event).collect())
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
            .set_item(Some(member_item(record)?))
            // A lapsed pending record still waiting for TTL counts as absent.
            .condition_expression("attribute_not_exists(pk) OR expires_at <= :now")
            .expression_attribute_values(":now", n(now.timestamp()))
            .build()
            .map_err(StorageError::unavailable)?;
        self.write(put, event, None).await
    }

    async fn replace(&self, change: Replacement<'_>) -> Result<Write, StorageError> {
        let expected = n(i64::from(change.expected_version));
        let mut put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(member_item(change.record)?))
            .condition_expression("version = :expected")
            .expression_attribute_values(":expected", expected);
        if change.record.expires_at.is_some() {
            put = put
                .condition_expression("version = :expected AND #status = :pending")
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(":pending", s("pending"));
        }
        let put = put.build().map_err(StorageError::unavailable)?;
        self.write(put, change.event, change.keep).await
    }
}
