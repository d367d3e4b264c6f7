//! The DynamoDB adapter. One item per term and language: partition key `lang`, sort key `slug`
//! (get by slug is a GetItem, one language's whole set is a Query), and the index `by-id` on
//! `term_id` + `lang` (get by id is a Query on it). Each item carries the whole term as JSON in
//! `document`, plus the few attributes the search index loads, so that loading projects them.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use aws_sdk_dynamodb::Client;
use shared::aws::dynamo::item::{query_all, string_attr};
use shared::http::lang::Lang;

use super::{IndexSourceReader, StoreError, SyncReport, TermReader, TermWriter};
use crate::domain::{IndexSource, Term};

/// The global secondary index from a term id to its items.
pub const BY_ID_INDEX: &str = "by-id";
/// BatchWriteItem takes at most this many requests.
const BATCH_SIZE: usize = 25;
/// Unprocessed writes (throttling) are retried this many times, with growing pauses.
const WRITE_ROUNDS: u32 = 8;

#[derive(Debug, Clone)]
pub struct DynamoTermStore {
    client: Client,
    table: String,
}

impl DynamoTermStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    /// A Query of one language's whole set (the partition `lang`), to be given a projection.
    fn language(&self, lang: Lang) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#lang = :lang")
            .expression_attribute_names("#lang", "lang")
            .expression_attribute_values(":lang", AttributeValue::S(lang.code().to_owned()))
    }

    /// (lang, slug) → content hash of every stored item.
    async fn stored_hashes(&self) -> Result<HashMap<(Lang, String), String>, StoreError> {
        let mut hashes = HashMap::new();
        for lang in Lang::ALL {
            let query = self
                .language(lang)
                .projection_expression("#slug, #hash")
                .expression_attribute_names("#slug", "slug")
                .expression_attribute_names("#hash", "content_hash");
            let items = query_all(query).await?;
            for item in &items {
                let hash = string_attr(item, "content_hash").unwrap_or_default();
                hashes.insert((lang, string_attr(item, "slug")?), hash);
            }
        }
        Ok(hashes)
    }

    /// Sends the writes 25 at a time, retrying what DynamoDB leaves unprocessed.
    async fn write_all(&self, writes: Vec<WriteRequest>) -> Result<(), StoreError> {
        for chunk in writes.chunks(BATCH_SIZE) {
            let mut pending = chunk.to_vec();
            for round in 0..WRITE_ROUNDS {
                let output = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, pending)
                    .send()
                    .await
                    .map_err(StoreError::unavailable)?;
                pending = output
                    .unprocessed_items()
                    .and_then(|items| items.get(&self.table))
                    .cloned()
                    .unwrap_or_default();
                if pending.is_empty() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50 << round)).await;
            }
            if !pending.is_empty() {
                return Err(StoreError::Unavailable(
                    "DynamoDB kept writes unprocessed (throttled)".into(),
                ));
            }
        }
        Ok(())
    }
}

fn term_from_item(item: &HashMap<String, AttributeValue>) -> Result<Term, StoreError> {
    serde_json::from_str(&string_attr(item, "document")?)
        .map_err(|error| StoreError::Corrupt(format!("document: {error}")))
}

fn key(lang: Lang, slug: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("lang".to_owned(), AttributeValue::S(lang.code().to_owned())),
        ("slug".to_owned(), AttributeValue::S(slug.to_owned())),
    ])
}

/// The stored item of `term` in `lang`.
fn item(
    term: &Term,
    lang: Lang,
    hash: &str,
    document: &str,
) -> Option<HashMap<String, AttributeValue>> {
    let source = term.index_source(lang)?;
    let mut item = key(lang, &source.slug);
    item.insert("term_id".to_owned(), AttributeValue::N(term.id.to_string()));
    item.insert("name".to_owned(), AttributeValue::S(source.name));
    if !source.aliases.is_empty() {
        item.insert(
            "aliases".to_owned(),
            AttributeValue::L(source.aliases.into_iter().map(AttributeValue::S).collect()),
        );
    }
    if let Some(definition) = source.definition {
        item.insert("definition".to_owned(), AttributeValue::S(definition));
    }
    item.insert(
        "content_hash".to_owned(),
        AttributeValue::S(hash.to_owned()),
    );
    item.insert(
        "document".to_owned(),
        AttributeValue::S(document.to_owned()),
    );
    Some(item)
}

#[async_trait]
impl TermReader for DynamoTermStore {
    async fn by_slug(&self, lang: Lang, slug: &str) -> Result<Option<Term>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(lang, slug)))
            .projection_expression("#document")
            .expression_attribute_names("#document", "document")
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        output.item().map(term_from_item).transpose()
    }

    async fn by_id(&self, id: u64) -> Result<Option<Term>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(BY_ID_INDEX)
            .key_condition_expression("#id = :id")
            .expression_attribute_names("#id", "term_id")
            .expression_attribute_values(":id", AttributeValue::N(id.to_string()))
            .projection_expression("#document")
            .expression_attribute_names("#document", "document")
            .limit(1)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        output.items().first().map(term_from_item).transpose()
    }
}

#[async_trait]
impl IndexSourceReader for DynamoTermStore {
    async fn index_sources(&self, lang: Lang) -> Result<Vec<IndexSource>, StoreError> {
        let query = self
            .language(lang)
            // `name` and `definition` are DynamoDB reserved words: every name goes by a placeholder.
            .projection_expression("#id, #slug, #name, #aliases, #definition")
            .expression_attribute_names("#id", "term_id")
            .expression_attribute_names("#slug", "slug")
            .expression_attribute_names("#name", "name")
            .expression_attribute_names("#aliases", "aliases")
            .expression_attribute_names("#definition", "definition");
        let items = query_all(query).await?;
        items
            .iter()
            .map(|item| {
                let id = item
                    .get("term_id")
                    .and_then(|v| v.as_n().ok())
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| StoreError::Corrupt("term_id".to_owned()))?;
                let aliases = match item.get("aliases").map(AttributeValue::as_l) {
                    None => Vec::new(),
                    Some(Ok(list)) => list
                        .iter()
                        .map(|a| {
                            a.as_s()
                                .cloned()
                                .map_err(|_| StoreError::Corrupt("aliases".into()))
                        })
                        .collect::<Result<_, _>>()?,
                    Some(Err(_)) => return Err(StoreError::Corrupt("aliases".into())),
                };
                Ok(IndexSource {
                    id,
                    name: string_attr(item, "name")?,
                    slug: string_attr(item, "slug")?,
                    aliases,
                    definition: string_attr(item, "definition").ok(),
                })
            })
            .collect()
    }
}

#[async_trait]
impl TermWriter for DynamoTermStore {
    async fn sync_terms(&self, terms: &[Term]) -> Result<SyncReport, StoreError> {
        // Reading every stored hash first (two Queries) and writing only the difference keeps a
        // re-seed of thousands of unchanged terms to a few reads.
        let mut stored = self.stored_hashes().await?;
        let mut report = SyncReport::default();
        let mut writes = Vec::new();
        for term in terms {
            let hash = term.content_hash();
            let document = serde_json::to_string(term).expect("a Term always serializes");
            for (lang, entry) in term.langs() {
                match stored.remove(&(lang, entry.slug.clone())) {
                    Some(old) if old == hash => {
                        report.unchanged += 1;
                        continue;
                    }
                    Some(_) => report.updated += 1,
                    None => report.created += 1,
                }
                let item = item(term, lang, &hash, &document).expect("the entry exists");
                let put = PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .map_err(StoreError::unavailable)?;
                writes.push(WriteRequest::builder().put_request(put).build());
            }
        }
        for (lang, slug) in stored.into_keys() {
            report.removed += 1;
            let delete = DeleteRequest::builder()
                .set_key(Some(key(lang, &slug)))
                .build()
                .map_err(StoreError::unavailable)?;
            writes.push(WriteRequest::builder().delete_request(delete).build());
        }
        self.write_all(writes).await?;
        Ok(report)
    }
}
