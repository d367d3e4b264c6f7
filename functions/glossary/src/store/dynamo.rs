//! The DynamoDB adapter, in the items' common layout: one item per term and language, keyed by
//! `pk` = `TERMS#<lang>` and `sk` = the slug (a term by slug is a GetItem, a language's whole set
//! a Query), with `gsi1pk` = `TERM#<id>` / `gsi1sk` = the language for the index `gsi1` (a term
//! by id is a Query on it). The fields the search index loads are top-level attributes, so that
//! loading projects them; the whole term is the map attribute `term`.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{DeleteRequest, KeysAndAttributes, PutRequest, WriteRequest};
use aws_sdk_dynamodb::Client;
use serde::{Deserialize, Serialize};
use shared::aws::dynamo::item::{self, batch_get, from_item, get, query_all, s, to_item, Item};
use shared::http::lang::Lang;

use super::{DefinitionReader, IndexSourceReader, StoreError, SyncReport, TermReader, TermWriter};
use crate::domain::{IndexSource, Term};

/// The global secondary index from a term id to its items.
pub const BY_ID_INDEX: &str = "gsi1";
/// BatchWriteItem takes at most this many requests.
const BATCH_SIZE: usize = 25;
/// Unprocessed writes (throttling) are retried this many times, with growing pauses.
const WRITE_ROUNDS: u32 = 8;

#[derive(Debug, Clone)]
pub struct DynamoTermStore {
    client: Client,
    table: String,
}

/// A term in one language as stored.
#[derive(Serialize, Deserialize)]
struct TermItem {
    pk: String,
    sk: String,
    gsi1pk: String,
    gsi1sk: String,
    /// A digest of the whole term, for idempotent re-seeding.
    content_hash: String,
    /// `id`, `name`, `slug`, `aliases`, `definition`: what the search index loads.
    #[serde(flatten)]
    source: IndexSource,
    term: Term,
}

/// The part of an item a term route reads.
#[derive(Deserialize)]
struct TermOnly {
    term: Term,
}

/// The part of an item a sync compares.
#[derive(Deserialize)]
struct StoredHash {
    sk: String,
    #[serde(default)]
    content_hash: String,
}

fn partition(lang: Lang) -> String {
    format!("TERMS#{}", lang.code())
}

fn id_key(id: u64) -> String {
    format!("TERM#{id}")
}

fn key(lang: Lang, slug: &str) -> Item {
    item::key(partition(lang), slug)
}

impl DynamoTermStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    pub(super) fn client(&self) -> &Client {
        &self.client
    }

    pub(super) fn table(&self) -> &str {
        &self.table
    }

    /// The records of every item of `lang`, projected to `projection`.
    async fn query_lang<T: serde::de::DeserializeOwned>(
        &self,
        lang: Lang,
        projection: &str,
    ) -> Result<Vec<T>, StoreError> {
        self.query_partition(&partition(lang), projection).await
    }

    /// The records of every item in partition `pk`, projected to `projection`.
    pub(super) async fn query_partition<T: serde::de::DeserializeOwned>(
        &self,
        pk: &str,
        projection: &str,
    ) -> Result<Vec<T>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .projection_expression(projection)
            // `name` and `definition` are DynamoDB reserved words.
            .set_expression_attribute_names(projection.contains('#').then(|| {
                HashMap::from([
                    ("#name".to_owned(), "name".to_owned()),
                    ("#definition".to_owned(), "definition".to_owned()),
                ])
            }))
            .expression_attribute_values(":pk", s(pk));
        query_all(query).await?.into_iter().map(from_item).collect()
    }

    /// (lang, slug) → content hash of every stored item.
    async fn stored_hashes(&self) -> Result<HashMap<(Lang, String), String>, StoreError> {
        let mut hashes = HashMap::new();
        for lang in Lang::ALL {
            for stored in self
                .query_lang::<StoredHash>(lang, "sk, content_hash")
                .await?
            {
                hashes.insert((lang, stored.sk), stored.content_hash);
            }
        }
        Ok(hashes)
    }

    /// Sends the writes 25 at a time, retrying what DynamoDB leaves unprocessed.
    pub(super) async fn write_all(&self, writes: Vec<WriteRequest>) -> Result<(), StoreError> {
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

pub(super) fn put(item: Item) -> Result<WriteRequest, StoreError> {
    let put = PutRequest::builder()
        .set_item(Some(item))
        .build()
        .map_err(StoreError::unavailable)?;
    Ok(WriteRequest::builder().put_request(put).build())
}

pub(super) fn delete(key: Item) -> Result<WriteRequest, StoreError> {
    let delete = DeleteRequest::builder()
        .set_key(Some(key))
        .build()
        .map_err(StoreError::unavailable)?;
    Ok(WriteRequest::builder().delete_request(delete).build())
}

#[async_trait]
impl TermReader for DynamoTermStore {
    async fn by_slug(&self, lang: Lang, slug: &str) -> Result<Option<Term>, StoreError> {
        let stored: Option<TermOnly> =
            get(&self.client, &self.table, partition(lang), slug).await?;
        Ok(stored.map(|stored| stored.term))
    }

    async fn by_id(&self, id: u64) -> Result<Option<Term>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(BY_ID_INDEX)
            .key_condition_expression("gsi1pk = :id")
            .expression_attribute_values(":id", s(id_key(id)))
            .projection_expression("term")
            .limit(1)
            .send()
            .await
            .map_err(StoreError::unavailable)?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .next()
            .map(|item| from_item::<TermOnly>(item).map(|stored| stored.term))
            .transpose()
    }
}

#[async_trait]
impl IndexSourceReader for DynamoTermStore {
    async fn index_sources(&self, lang: Lang) -> Result<Vec<IndexSource>, StoreError> {
        self.query_lang(lang, "id, #name, slug, aliases, #definition")
            .await
    }
}

/// The part of an item an answer's definitions read.
#[derive(Deserialize)]
struct StoredDefinition {
    sk: String,
    #[serde(default)]
    definition: Option<String>,
}

#[async_trait]
impl DefinitionReader for DynamoTermStore {
    async fn definitions(
        &self,
        lang: Lang,
        slugs: &[&str],
    ) -> Result<HashMap<String, String>, StoreError> {
        let mut found = HashMap::new();
        // BatchGetItem takes at most 100 keys.
        for slugs in slugs.chunks(100) {
            let keys = KeysAndAttributes::builder()
                .set_keys(Some(slugs.iter().map(|slug| key(lang, slug)).collect()))
                .projection_expression("sk, #definition")
                .expression_attribute_names("#definition", "definition")
                .build()
                .map_err(StoreError::unavailable)?;
            for item in batch_get(&self.client, &self.table, keys, WRITE_ROUNDS).await? {
                let stored: StoredDefinition = from_item(item)?;
                if let Some(text) = stored.definition {
                    found.insert(stored.sk, text);
                }
            }
        }
        Ok(found)
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
            for (lang, entry) in term.langs() {
                match stored.remove(&(lang, entry.slug.clone())) {
                    Some(old) if old == hash => {
                        report.unchanged += 1;
                        continue;
                    }
                    Some(_) => report.updated += 1,
                    None => report.created += 1,
                }
                let item = TermItem {
                    pk: partition(lang),
                    sk: entry.slug.clone(),
                    gsi1pk: id_key(term.id),
                    gsi1sk: lang.code().to_owned(),
                    content_hash: hash.clone(),
                    source: term.index_source(lang).expect("the entry exists"),
                    term: term.clone(),
                };
                writes.push(put(to_item(&item)?)?);
            }
        }
        for (lang, slug) in stored.into_keys() {
            report.removed += 1;
            writes.push(delete(key(lang, &slug))?);
        }
        self.write_all(writes).await?;
        Ok(report)
    }
}
