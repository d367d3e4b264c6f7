use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;

use super::RateLimitStore;
use crate::storage::{Lifetime, StorageError};

/// Counters in a table keyed by `pk`, with TTL on `expires_at`. One atomic `ADD` per hit, so
/// concurrent requests never lose a count.
#[derive(Debug, Clone)]
pub struct DynamoRateLimitStore {
    client: Client,
    table: String,
}

impl DynamoRateLimitStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

#[async_trait]
impl RateLimitStore for DynamoRateLimitStore {
    async fn hit(&self, key: &str, life: Lifetime) -> Result<u64, StorageError> {
        let Lifetime { expires_at, .. } = life;
        // Windows are part of the key, so a counter is never reused after it expires; DynamoDB's
        // TTL only tidies up, and `now` is not needed here.
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(key.to_owned()))
            .update_expression("ADD hits :one SET expires_at = if_not_exists(expires_at, :expires)")
            .expression_attribute_values(":one", AttributeValue::N("1".to_owned()))
            .expression_attribute_values(
                ":expires",
                AttributeValue::N(expires_at.timestamp().to_string()),
            )
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        output
            .attributes()
            .and_then(|attributes| attributes.get("hits"))
            .and_then(|hits| hits.as_n().ok())
            .and_then(|hits| hits.parse().ok())
            .ok_or_else(|| StorageError::Corrupt("rate-limit counter without hits".to_owned()))
    }
}
