//! The DynamoDB adapter. One item per page and language: partition key `lang`, sort key `slug`,
//! so that a language's list is one Query and a page's translations one BatchGetItem.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, ReturnValue};
use aws_sdk_dynamodb::Client;
use shared::http::lang::Lang;

use super::{PageReader, PageWriter, PutOutcome, StoreError};
use crate::domain::{Page, PageSummary, Slug};

/// BatchGetItem may leave keys unprocessed under throttling; these many rounds are tried.
const BATCH_ROUNDS: usize = 5;

#[derive(Debug, Clone)]
pub struct DynamoPageStore {
    client: Client,
    table: String,
}

impl DynamoPageStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

fn string_attr(item: &HashMap<String, AttributeValue>, name: &str) -> Result<String, StoreError> {
    item.get(name)
        .and_then(|value| value.as_s().ok())
        .cloned()
        .ok_or_else(|| {
            StoreError::Corrupt(format!("attribute `{name}` is missing or not a string"))
        })
}

fn page_from_item(item: &HashMap<String, AttributeValue>) -> Result<Page, StoreError> {
    serde_json::from_str(&string_attr(item, "document")?)
        .map_err(|error| StoreError::Corrupt(format!("document: {error}")))
}

#[async_trait]
impl PageReader for DynamoPageStore {
    async fn list_pages(&self, lang: Lang) -> Result<Vec<PageSummary>, StoreError> {
        let items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#lang = :lang")
            .projection_expression("slug, title, summary, updated_at")
            .expression_attribute_names("#lang", "lang")
            .expression_attribute_values(":lang", AttributeValue::S(lang.code().to_owned()))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(StoreError::unavailable)?;
        items
            .iter()
            .map(|item| {
                let updated_at = string_attr(item, "updated_at")?;
                Ok(PageSummary {
                    slug: string_attr(item, "slug")?,
                    title: string_attr(item, "title")?,
                    summary: string_attr(item, "summary")?,
                    updated_at: updated_at
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("updated_at `{updated_at}`")))?,
                })
            })
            .collect()
    }

    async fn translations(&self, slug: &Slug) -> Result<Vec<Page>, StoreError> {
        let keys = Lang::ALL.iter().map(|lang| {
            HashMap::from([
                ("lang".to_owned(), AttributeValue::S(lang.code().to_owned())),
                (
                    "slug".to_owned(),
                    AttributeValue::S(slug.as_str().to_owned()),
                ),
            ])
        });
        let mut request = Some(
            KeysAndAttributes::builder()
                .set_keys(Some(keys.collect()))
                .projection_expression("document")
                .build()
                .map_err(StoreError::unavailable)?,
        );
        let mut pages = Vec::new();
        for _ in 0..BATCH_ROUNDS {
            let Some(keys) = request.take() else { break };
            let output = self
                .client
                .batch_get_item()
                .request_items(&self.table, keys)
                .send()
                .await
                .map_err(StoreError::unavailable)?;
            for item in output
                .responses()
                .and_then(|r| r.get(&self.table))
                .into_iter()
                .flatten()
            {
                pages.push(page_from_item(item)?);
            }
            request = output
                .unprocessed_keys()
                .and_then(|unprocessed| unprocessed.get(&self.table))
                .filter(|keys| !keys.keys().is_empty())
                .cloned();
        }
        if request.is_some() {
            return Err(StoreError::Unavailable(
                "DynamoDB kept keys unprocessed (throttled)".into(),
            ));
        }
        pages.sort_by_key(|page| page.lang);
        Ok(pages)
    }
}

#[async_trait]
impl PageWriter for DynamoPageStore {
    async fn put_page(&self, page: &Page) -> Result<PutOutcome, StoreError> {
        let hash = page.content_hash();
        let document = serde_json::to_string(page).expect("a Page always serializes");
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("lang", AttributeValue::S(page.lang.code().to_owned()))
            .item("slug", AttributeValue::S(page.slug.clone()))
            .item("title", AttributeValue::S(page.title.clone()))
            .item("summary", AttributeValue::S(page.summary.clone()))
            .item(
                "updated_at",
                AttributeValue::S(page.updated_at.to_rfc3339()),
            )
            .item("content_hash", AttributeValue::S(hash.clone()))
            .item("document", AttributeValue::S(document))
            // Writing only what changed keeps re-seeding idempotent and tells the operator what moved.
            .condition_expression("attribute_not_exists(slug) OR content_hash <> :hash")
            .expression_attribute_values(":hash", AttributeValue::S(hash))
            .return_values(ReturnValue::AllOld)
            .send()
            .await;
        match result {
            Ok(output) if output.attributes().is_some_and(|old| !old.is_empty()) => {
                Ok(PutOutcome::Updated)
            }
            Ok(_) => Ok(PutOutcome::Created),
            Err(SdkError::ServiceError(error))
                if matches!(
                    error.err(),
                    PutItemError::ConditionalCheckFailedException(_)
                ) =>
            {
                Ok(PutOutcome::Unchanged)
            }
            Err(error) => Err(StoreError::unavailable(error)),
        }
    }
}
