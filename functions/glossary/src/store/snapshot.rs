//! The index snapshot in DynamoDB, in the terms table: the head at `pk` = `INDEX`, `sk` =
//! `CURRENT` (format, version, parts), and each part (a language's index or definitions) as
//! binary chunks of at most 350 KB at `sk` = `<version>#<lang>#<piece>#<nnn>`, so that a part is
//! one BatchGetItem. A new version's chunks are
//! written before the head names it; the previous version's are kept (an instance may be reading
//! them), older ones deleted.

use std::ops::ControlFlow;

use async_trait::async_trait;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use serde::{Deserialize, Serialize};
use shared::aws::dynamo::item::{self, batch_get_each, get, to_item, Item};
use shared::http::lang::Lang;

use super::dynamo::{delete, put, DynamoTermStore};
use super::{
    PartBytes, Piece, SnapshotHead, SnapshotPart, SnapshotReader, SnapshotWriter, StoreError,
};

const PARTITION: &str = "INDEX";
const HEAD: &str = "CURRENT";
/// Under DynamoDB's 400 KB item limit, with room for the keys.
const CHUNK_BYTES: usize = 350_000;
/// BatchGetItem may leave keys unprocessed under throttling; these many rounds are tried.
const BATCH_ROUNDS: u32 = 5;

#[derive(Serialize, Deserialize)]
struct HeadItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    head: SnapshotHead,
}

#[derive(Deserialize)]
struct SortKey {
    sk: String,
}

fn chunk_prefix(version: &str, lang: Lang, piece: Piece) -> String {
    format!("{version}#{}#{}#", lang.code(), piece.code())
}

fn chunk_key(version: &str, lang: Lang, piece: Piece, n: u32) -> Item {
    item::key(
        PARTITION,
        format!("{}{n:03}", chunk_prefix(version, lang, piece)),
    )
}

#[async_trait]
impl SnapshotReader for DynamoTermStore {
    async fn snapshot_head(&self) -> Result<Option<SnapshotHead>, StoreError> {
        let head: Option<HeadItem> =
            get(self.client(), self.table(), PARTITION.to_owned(), HEAD).await?;
        Ok(head.map(|item| item.head))
    }

    async fn snapshot_part(
        &self,
        head: &SnapshotHead,
        lang: Lang,
        piece: Piece,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(part) = head
            .parts
            .iter()
            .find(|p| (p.lang, p.piece) == (lang, piece))
        else {
            return Ok(None);
        };
        let keys = (0..part.chunks).map(|n| chunk_key(&head.version, lang, piece, n));
        let keys = KeysAndAttributes::builder()
            .set_keys(Some(keys.collect()))
            .build()
            .map_err(StoreError::unavailable)?;
        // Each chunk is copied to its place as it arrives and dropped, so that the part is held
        // once (not as the items, then their copies, then the whole).
        let Ok(size) = usize::try_from(part.bytes) else {
            return Ok(None);
        };
        let mut bytes = vec![0u8; size];
        let mut got = vec![false; part.chunks as usize];
        let prefix = chunk_prefix(&head.version, lang, piece);
        let (client, table) = (self.client(), self.table());
        let read = batch_get_each(client, table, keys, BATCH_ROUNDS, |mut item| {
            let n = item
                .get("sk")
                .and_then(|v| v.as_s().ok())
                .and_then(|sk| sk.strip_prefix(&prefix))
                .and_then(|n| n.parse::<usize>().ok());
            let data = match item.remove("data") {
                Some(AttributeValue::B(data)) => data.into_inner(),
                _ => return Err(StoreError::Corrupt("a snapshot chunk without data".into())),
            };
            let at = n.map(|n| (n, n * CHUNK_BYTES));
            // Every chunk but the last is CHUNK_BYTES long (`put_snapshot`).
            match at {
                Some((n, at))
                    if n < got.len()
                        && !got[n]
                        && at + data.len() <= size
                        && (data.len() == CHUNK_BYTES || at + data.len() == size) =>
                {
                    bytes[at..at + data.len()].copy_from_slice(&data);
                    got[n] = true;
                    Ok(ControlFlow::Continue(()))
                }
                _ => Ok(ControlFlow::Break(())),
            }
        })
        .await?;
        if read.is_break() {
            return Ok(None);
        }
        Ok(got.iter().all(|&g| g).then_some(bytes))
    }
}

#[async_trait]
impl SnapshotWriter for DynamoTermStore {
    async fn put_snapshot(
        &self,
        format: u32,
        version: &str,
        parts: &[PartBytes],
    ) -> Result<bool, StoreError> {
        let previous = self.snapshot_head().await?;
        if previous
            .as_ref()
            .is_some_and(|h| h.format == format && h.version == version)
        {
            return Ok(false);
        }
        let mut writes = Vec::new();
        let mut heads = Vec::new();
        for (lang, piece, bytes) in parts {
            let mut chunks = 0;
            for (n, data) in bytes.chunks(CHUNK_BYTES).enumerate() {
                let mut item = chunk_key(version, *lang, *piece, n as u32);
                item.insert("data".to_owned(), AttributeValue::B(Blob::new(data)));
                writes.push(put(item)?);
                chunks += 1;
            }
            heads.push(SnapshotPart {
                lang: *lang,
                piece: *piece,
                bytes: bytes.len() as u64,
                chunks,
            });
        }
        // BatchWriteItem takes at most 16 MB: 25 chunks are 8.75 MB.
        self.write_all(writes).await?;
        let head = SnapshotHead {
            format,
            version: version.to_owned(),
            parts: heads,
        };
        self.client()
            .put_item()
            .table_name(self.table())
            .set_item(Some(to_item(&HeadItem {
                pk: PARTITION.to_owned(),
                sk: HEAD.to_owned(),
                head,
            })?))
            .send()
            .await
            .map_err(StoreError::unavailable)?;

        let keep = |sk: &str| {
            sk == HEAD
                || sk.starts_with(&format!("{version}#"))
                || previous
                    .as_ref()
                    .is_some_and(|p| sk.starts_with(&format!("{}#", p.version)))
        };
        let stale: Vec<SortKey> = self.query_partition(PARTITION, "sk").await?;
        let deletes = stale
            .into_iter()
            .filter(|k| !keep(&k.sk))
            .map(|k| delete(item::key(PARTITION, k.sk)))
            .collect::<Result<Vec<_>, _>>()?;
        self.write_all(deletes).await?;
        Ok(true)
    }
}
