//! The DynamoDB adapter, in the items' common layout: one item per page and language, keyed by
//! `pk` = `PAGES#<lang>` and `sk` = the slug, so that a language's list is one Query and a
//! page's translations one BatchGetItem; the page's fields are the item's attributes.

use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{KeysAndAttributes, ReturnValue};
use aws_sdk_dynamodb::Client;
use serde::{Deserialize, Serialize};
use shared::aws::dynamo::item::{self, batch_get, from_item, query_all, s, to_item};
use shared::http::lang::Lang;

use super::{PageReader, PageWriter, PutOutcome, StoreError};
use crate::domain::{Page, PageSummary, Slug};

/// BatchGetItem may leave keys unprocessed under throttling; these many rounds are tried.
const BATCH_ROUNDS: u32 = 5;

#[derive(Debug, Clone)]
pub struct DynamoPageStore {
    client: Client,
    table: String,
}

/// A page as stored: the keys, a digest for idempotent re-seeding, and the page itself.
#[derive(Serialize, Deserialize)]
struct PageItem {
    pk: String,
    sk: String,
    content_hash: String,
    #[serde(flatten)]
    page: Page,
}

fn partition(lang: Lang) -> String {
    format!("PAGES#{}", lang.code())
}

impl DynamoPageStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

#[async_trait]
impl PageReader for DynamoPageStore {
    async fn list_pages(&self, lang: Lang) -> Result<Vec<PageSummary>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .projection_expression("slug, title, summary, updated_at")
            .expression_attribute_values(":pk", s(partition(lang)));
        query_all(query).await?.into_iter().map(from_item).collect()
    }

    async fn translations(&self, slug: &Slug) -> Result<Vec<Page>, StoreError> {
        let keys = KeysAndAttributes::builder()
            .set_keys(Some(
                Lang::ALL
                    .iter()
                    .map(|&lang| item::key(partition(lang), slug.as_str()))
                    .collect(),
            ))
            .build()
            .map_err(StoreError::unavailable)?;
        let items = batch_get(&self.client, &self.table, keys, BATCH_ROUNDS).await?;
        let mut pages = items
            .into_iter()
            .map(|item| Ok(from_item::<PageItem>(item)?.page))
            .collect::<Result<Vec<_>, StoreError>>()?;
        pages.sort_by_key(|page| page.lang);
        Ok(pages)
    }
}

#[async_trait]
impl PageWriter for DynamoPageStore {
    async fn put_page(&self, page: &Page) -> Result<PutOutcome, StoreError> {
        let hash = page.content_hash();
        let item = to_item(&PageItem {
            pk: partition(page.lang),
            sk: page.slug.clone(),
            content_hash: hash.clone(),
            page: page.clone(),
        })?;
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            // Writing only what changed keeps re-seeding idempotent and tells the operator what moved.
            .condition_expression("attribute_not_exists(pk) OR content_hash <> :hash")
            .expression_attribute_values(":hash", s(hash))
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
