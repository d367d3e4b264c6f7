use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};
use aws_sdk_dynamodb::Client;

use super::{Begin, Claim, IdempotencyStore, StoredResponse};
use crate::storage::StorageError;

const IN_PROGRESS: &str = "IN_PROGRESS";
const COMPLETED: &str = "COMPLETED";

/// Records in a table keyed by `pk`, with TTL on `expires_at` (Unix seconds). The claim is one
/// conditional put, so two racing requests cannot both proceed.
#[derive(Debug, Clone)]
pub struct DynamoIdempotencyStore {
    client: Client,
    table: String,
}

impl DynamoIdempotencyStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

fn n(value: i64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn text<'a>(item: &'a HashMap<String, AttributeValue>, name: &str) -> Option<&'a str> {
    item.get(name)
        .and_then(|value| value.as_s().ok())
        .map(String::as_str)
}

fn decide(
    existing: &HashMap<String, AttributeValue>,
    fingerprint: &str,
) -> Result<Begin, StorageError> {
    if text(existing, "fingerprint") != Some(fingerprint) {
        return Ok(Begin::Mismatch);
    }
    if text(existing, "status") != Some(COMPLETED) {
        return Ok(Begin::InFlight);
    }
    let status = existing
        .get("response_status")
        .and_then(|value| value.as_n().ok())
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| StorageError::Corrupt("idempotency record without status".to_owned()))?;
    let body = text(existing, "response_body")
        .and_then(|body| serde_json::from_str(body).ok())
        .ok_or_else(|| StorageError::Corrupt("idempotency record without body".to_owned()))?;
    Ok(Begin::Replay(StoredResponse { status, body }))
}

#[async_trait]
impl IdempotencyStore for DynamoIdempotencyStore {
    async fn begin(&self, claim: Claim<'_>) -> Result<Begin, StorageError> {
        let Claim {
            key, fingerprint, ..
        } = claim;
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(key))
            .item("status", s(IN_PROGRESS))
            .item("fingerprint", s(fingerprint))
            .item(
                "in_flight_until",
                n(claim.in_flight_until.timestamp_millis()),
            )
            .item("expires_at", n(claim.expires_at.timestamp()))
            // Free: no record, an expired one (TTL deletes late), or a lapsed in-progress claim.
            .condition_expression(
                "attribute_not_exists(pk) OR expires_at < :now_s \
                 OR (#status = :in_progress AND in_flight_until < :now_ms)",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":now_s", n(claim.now.timestamp()))
            .expression_attribute_values(":now_ms", n(claim.now.timestamp_millis()))
            .expression_attribute_values(":in_progress", s(IN_PROGRESS))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(Begin::Proceed),
            Err(SdkError::ServiceError(error)) => match error.err() {
                PutItemError::ConditionalCheckFailedException(failed) => match failed.item() {
                    Some(existing) => decide(existing, fingerprint),
                    None => self.read_and_decide(key, fingerprint).await,
                },
                _ => Err(StorageError::unavailable(SdkError::ServiceError(error))),
            },
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }

    async fn complete(
        &self,
        claim: Claim<'_>,
        response: &StoredResponse,
    ) -> Result<(), StorageError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(claim.key))
            .item("status", s(COMPLETED))
            .item("fingerprint", s(claim.fingerprint))
            .item("response_status", n(i64::from(response.status)))
            .item("response_body", s(&response.body.to_string()))
            .item("expires_at", n(claim.expires_at.timestamp()))
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        Ok(())
    }

    async fn release(&self, key: &str) -> Result<(), StorageError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("pk", s(key))
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        Ok(())
    }
}

impl DynamoIdempotencyStore {
    /// For endpoints that do not return the old item with a failed condition.
    async fn read_and_decide(&self, key: &str, fingerprint: &str) -> Result<Begin, StorageError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(key))
            .consistent_read(true)
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        match output.item() {
            Some(existing) => decide(existing, fingerprint),
            // Deleted between the put and the read: the caller may retry.
            None => Ok(Begin::InFlight),
        }
    }
}
