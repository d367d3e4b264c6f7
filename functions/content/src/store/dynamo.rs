//! The DynamoDB adapter, in the items' common layout: one item per page and language, keyed by
//! `pk` = `PAGES#<lang>` and `sk` = the slug, so that a language's list is one Query and a
//! page's translations one BatchGetItem; the page's fields are the item's attributes.

use async_trait::async_trait;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{KeysAndAttributes, ReturnValue};
use aws_sdk_dynamodb::Client;
use serde::{Deserialize, Serialize};
use shared::aws::dynamo::item::{from_item, query_all, s, to_item, Item};
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

fn key(lang: Lang, slug: &str) -> Item {
    Item::from([
        ("pk".to_owned(), s(partition(lang))),
        ("sk".to_owned(), s(slug)),
    ])
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
        let keys = Lang::ALL.iter().map(|&lang| key(lang, slug.as_str()));
        let mut request = Some(
            KeysAndAttributes::builder()
                .set_keys(Some(keys.collect()))
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
                pages.push(from_item::<PageItem>(item.clone())?.page);
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
