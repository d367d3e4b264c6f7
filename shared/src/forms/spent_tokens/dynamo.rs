use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;

use super::{Spend, SpentTokenStore};
use crate::storage::{Lifetime, StorageError};

/// Spent marks in a table keyed by `pk`, with TTL on `expires_at` (the rate-limit table: the
/// same shape, and as short-lived). Spending is one conditional put, so two racing requests
/// cannot both spend a token.
#[derive(Debug, Clone)]
pub struct DynamoSpentTokenStore {
    client: Client,
    table: String,
}

impl DynamoSpentTokenStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

#[async_trait]
impl SpentTokenStore for DynamoSpentTokenStore {
    async fn spend(&self, key: &str, life: Lifetime) -> Result<Spend, StorageError> {
        let Lifetime { now, expires_at } = life;
        // TTL deletes lapsed items only eventually: a lapsed mark is treated as absent here.
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(key.to_owned()))
            .item(
                "expires_at",
                AttributeValue::N(expires_at.timestamp().to_string()),
            )
            .condition_expression("attribute_not_exists(pk) OR expires_at <= :now")
            .expression_attribute_values(":now", AttributeValue::N(now.timestamp().to_string()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(Spend::Spent),
            Err(SdkError::ServiceError(error))
                if matches!(
                    error.err(),
                    PutItemError::ConditionalCheckFailedException(_)
                ) =>
            {
                Ok(Spend::AlreadySpent)
            }
            Err(error) => Err(StorageError::unavailable(error)),
        }
    }

    async fn unspend(&self, key: &str) -> Result<(), StorageError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(key.to_owned()))
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        Ok(())
    }
}
