//! DynamoDB client construction, once per process, with an endpoint override for DynamoDB Local.

use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::config::Credentials;

/// The region used when none is configured, so that local runs need no AWS set-up.
const FALLBACK_REGION: &str = "us-east-1";

/// A client for the ambient AWS configuration, or for `endpoint` (such as DynamoDB Local).
///
/// Loopback endpoints get static dummy credentials: DynamoDB Local ignores them, and looking up
/// real ones would stall on the instance metadata service.
pub async fn client(endpoint: Option<&str>) -> aws_sdk_dynamodb::Client {
    let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
    client_for(&config, endpoint)
}

/// The AWS configuration of this process, loaded once, and the DynamoDB client every function
/// uses; other clients (SES) are built from `config`.
#[derive(Debug, Clone)]
pub struct AwsClients {
    pub config: aws_config::SdkConfig,
    pub dynamodb: aws_sdk_dynamodb::Client,
}

/// The ambient configuration, with DynamoDB at `DYNAMODB_ENDPOINT` when it is set (local runs).
pub async fn clients_from_env() -> AwsClients {
    let endpoint = std::env::var("DYNAMODB_ENDPOINT")
        .ok()
        .filter(|e| !e.trim().is_empty());
    let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
    let dynamodb = with_function_timeouts(client_for(&config, endpoint.as_deref()));
    AwsClients { config, dynamodb }
}

/// `client` with the timeouts the functions run with (see `timeouts`). The operator CLI and the
/// tests' bulk set-up keep the SDK's defaults: seeding 16,008 items into a loaded DynamoDB
/// Local may take longer than any request should.
pub fn with_function_timeouts(client: aws_sdk_dynamodb::Client) -> aws_sdk_dynamodb::Client {
    let config = client
        .config()
        .to_builder()
        .timeout_config(timeouts())
        .build();
    aws_sdk_dynamodb::Client::from_conf(config)
}

/// A DynamoDB client from `config`, at `endpoint` when given; only this client is redirected.
fn client_for(config: &aws_config::SdkConfig, endpoint: Option<&str>) -> aws_sdk_dynamodb::Client {
    let mut builder = aws_sdk_dynamodb::config::Builder::from(config);
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
        if is_loopback(endpoint) {
            builder = builder.credentials_provider(Credentials::new(
                "local",
                "local",
                None,
                None,
                "immunoguide-local",
            ));
        }
    }
    if config.region().is_none() {
        builder = builder.region(Region::new(FALLBACK_REGION));
    }
    aws_sdk_dynamodb::Client::from_conf(builder.build())
}

/// DynamoDB answers in milliseconds; an attempt that takes seconds is an outage, and the whole
/// operation (with the SDK's retries) must give up before the function's own request timeout
/// (4 s for content and glossary, 8 s for the forms) so that the caller gets a 503 with
/// `Retry-After` from the store's error, not a timeout.
fn timeouts() -> aws_sdk_dynamodb::config::timeout::TimeoutConfig {
    aws_sdk_dynamodb::config::timeout::TimeoutConfig::builder()
        .connect_timeout(std::time::Duration::from_millis(1500))
        .operation_attempt_timeout(std::time::Duration::from_secs(2))
        .operation_timeout(std::time::Duration::from_secs(3))
        .build()
}

fn is_loopback(endpoint: &str) -> bool {
    let host = endpoint
        .split("://")
        .nth(1)
        .unwrap_or(endpoint)
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(host, _port)| host);
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_endpoints_are_recognised() {
        for endpoint in [
            "http://127.0.0.1:8000",
            "http://localhost:8000/",
            "http://[::1]:8000",
        ] {
            assert!(is_loopback(endpoint), "{endpoint}");
        }
        for endpoint in [
            "https://dynamodb.eu-west-1.amazonaws.com",
            "http://10.0.0.5:8000",
        ] {
            assert!(!is_loopback(endpoint), "{endpoint}");
        }
    }
}

/// The one item layout and mapping of every table: string keys `pk` (and `sk` where a
/// partition holds several items), the record's own fields as native attributes mapped by
/// `serde_dynamo`, and `expires_at` (epoch seconds) where DynamoDB's TTL deletes records.
pub mod item {
    use std::collections::HashMap;
    use std::ops::ControlFlow;

    use aws_sdk_dynamodb::error::SdkError;
    use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
    use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, Put, TransactWriteItem};

    use crate::storage::StorageError;

    pub type Item = HashMap<String, AttributeValue>;

    /// A record as an item: its fields as native attributes.
    pub fn to_item<T: serde::Serialize>(record: &T) -> Result<Item, StorageError> {
        serde_dynamo::to_item(record)
            .map_err(|error| StorageError::Corrupt(format!("cannot map a record: {error}")))
    }

    /// A record from an item read back.
    pub fn from_item<T: serde::de::DeserializeOwned>(item: Item) -> Result<T, StorageError> {
        serde_dynamo::from_item(item)
            .map_err(|error| StorageError::Corrupt(format!("unreadable item: {error}")))
    }

    /// The key of the item at (`pk`, `sk`).
    pub fn key(pk: impl Into<String>, sk: impl Into<String>) -> Item {
        Item::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), s(sk))])
    }

    pub fn s(value: impl Into<String>) -> AttributeValue {
        AttributeValue::S(value.into())
    }

    pub fn n(value: i64) -> AttributeValue {
        AttributeValue::N(value.to_string())
    }

    /// A string attribute of `item`, which must be there.
    pub fn string_attr(item: &Item, name: &str) -> Result<String, StorageError> {
        item.get(name)
            .and_then(|value| value.as_s().ok())
            .cloned()
            .ok_or_else(|| {
                StorageError::Corrupt(format!("attribute `{name}` is missing or not a string"))
            })
    }

    /// Every item `query` matches, page after page.
    pub async fn query_all(query: QueryFluentBuilder) -> Result<Vec<Item>, StorageError> {
        query
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(StorageError::unavailable)
    }

    /// Every item of `keys` that exists (in no particular order), by BatchGetItem (at most 100
    /// keys), asking again for the keys DynamoDB leaves unprocessed under throttling: `rounds`
    /// tries in all, with growing pauses.
    pub async fn batch_get(
        client: &aws_sdk_dynamodb::Client,
        table: &str,
        keys: KeysAndAttributes,
        rounds: u32,
    ) -> Result<Vec<Item>, StorageError> {
        let mut items = Vec::new();
        let _never_breaks = batch_get_each(client, table, keys, rounds, |item| {
            items.push(item);
            Ok(ControlFlow::Continue(()))
        })
        .await?;
        Ok(items)
    }

    /// As [`batch_get`], handing each item to `each` as its answer arrives (so that large items
    /// need not be held all at once) until `each` breaks, which is then the answer.
    pub async fn batch_get_each(
        client: &aws_sdk_dynamodb::Client,
        table: &str,
        keys: KeysAndAttributes,
        rounds: u32,
        mut each: impl FnMut(Item) -> Result<ControlFlow<()>, StorageError>,
    ) -> Result<ControlFlow<()>, StorageError> {
        let mut request = Some(keys);
        for round in 0..rounds {
            let Some(keys) = request.take() else { break };
            let mut output = client
                .batch_get_item()
                .request_items(table, keys)
                .send()
                .await
                .map_err(StorageError::unavailable)?;
            request = output
                .unprocessed_keys
                .as_mut()
                .and_then(|unprocessed| unprocessed.remove(table))
                .filter(|keys| !keys.keys().is_empty());
            let answered = output.responses.as_mut().and_then(|r| r.remove(table));
            for item in answered.unwrap_or_default() {
                if each(item)?.is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            if request.is_some() {
                tokio::time::sleep(std::time::Duration::from_millis(10 << round)).await;
            }
        }
        match request {
            None => Ok(ControlFlow::Continue(())),
            Some(_) => Err(StorageError::Unavailable(
                "DynamoDB kept keys unprocessed (throttled)".into(),
            )),
        }
    }

    /// The record at (`pk`, `sk`), read consistently.
    pub async fn get<T: serde::de::DeserializeOwned>(
        client: &aws_sdk_dynamodb::Client,
        table: &str,
        pk: String,
        sk: &str,
    ) -> Result<Option<T>, StorageError> {
        let output = client
            .get_item()
            .table_name(table)
            .key("pk", s(pk))
            .key("sk", s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(StorageError::unavailable)?;
        output.item.map(from_item).transpose()
    }

    /// The records of every item in partition `pk` whose sort key starts with `sk_prefix`, in
    /// sort-key order, read consistently.
    pub async fn query<T: serde::de::DeserializeOwned>(
        client: &aws_sdk_dynamodb::Client,
        table: &str,
        pk: String,
        sk_prefix: &str,
    ) -> Result<Vec<T>, StorageError> {
        let query = client
            .query()
            .table_name(table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(sk_prefix))
            .consistent_read(true);
        let items = query_all(query).await?;
        items.into_iter().map(from_item).collect()
    }

    /// The TTL attribute `expires_at` for a record's expiry: epoch seconds, what DynamoDB's TTL
    /// and the adapters' `expires_at` conditions read. The record keeps its exact instant in
    /// its own attribute.
    pub fn ttl(expiry: Option<chrono::DateTime<chrono::Utc>>) -> Option<i64> {
        expiry.map(|at| at.timestamp())
    }

    /// A put inside a transaction, guarded by `condition`.
    pub fn guarded_put(
        table: &str,
        item: Item,
        condition: &str,
        values: Vec<(&str, AttributeValue)>,
    ) -> Result<TransactWriteItem, StorageError> {
        let mut put = Put::builder()
            .table_name(table)
            .set_item(Some(item))
            .condition_expression(condition);
        for (name, value) in values {
            put = put.expression_attribute_values(name, value);
        }
        Ok(TransactWriteItem::builder()
            .put(put.build().map_err(StorageError::unavailable)?)
            .build())
    }

    /// Whether a transaction was cancelled by a failed condition or a concurrent transaction
    /// on the same item: the caller lost a race and may read again.
    pub fn lost_race(error: &SdkError<TransactWriteItemsError>) -> bool {
        match error {
            SdkError::ServiceError(service) => match service.err() {
                TransactWriteItemsError::TransactionCanceledException(cancelled) => {
                    cancelled.cancellation_reasons().iter().any(|reason| {
                        matches!(
                            reason.code(),
                            Some("ConditionalCheckFailed" | "TransactionConflict")
                        )
                    })
                }
                _ => false,
            },
            _ => false,
        }
    }
}
