//! A built index as bytes, so that a cold start loads it instead of building it.
//!
//! Two pieces per language: the **index** (everything that answers a query) and the
//! **definitions** shown with the hits (more than half of the bytes, and not needed to find
//! anything), so that a cold start fetches and decodes only the first; `Definitions` is the
//! second, keyed by term id, which an instance loads after its first answers (`app::Indexes`).
//!
//! The index piece is the index's own serde form (`LangIndex` and what it holds derive it), in
//! `postcard` (varints: most ids take one or two bytes instead of four), with every postings
//! row delta-coded, then LZ4-compressed behind a plain header (magic, format). Deriving it means
//! a field added to the index or its terms is stored and loaded without touching this file; the
//! ranking and byte lookups (`domain::derived`) are rebuilt on load.
//!
//! `format()` names the layout: `LAYOUT` (bump it when what `LangIndex::build` makes changes
//! meaning) mixed with the shape of the index's serde form, taken from a tiny sample index, so
//! that adding, removing or renaming a field changes the format by itself. An instance ignores a
//! snapshot of another format (it builds from the table) rather than misreading it.

use std::ops::Range;
use std::sync::LazyLock;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use shared::http::lang::Lang;

use super::index::{IndexSource, LangIndex, Postings};
use super::Term;

/// Bump when what `LangIndex::build` makes changes meaning with the same fields. 3: the
/// definitions in a piece of their own; 4: the words' bigrams listed by position too; 5: each
/// word's fields in rank order, not field order.
const LAYOUT: u32 = 5;
const MAGIC: &[u8; 4] = b"IGIX";
const DEFINITIONS_MAGIC: &[u8; 4] = b"IGDF";

static FORMAT: LazyLock<u32> = LazyLock::new(|| {
    let mut digest = Sha256::new();
    digest.update(LAYOUT.to_le_bytes());
    digest.update(shape(
        &serde_json::to_value(sample()).expect("an index serializes"),
    ));
    u32::from_le_bytes(digest.finalize()[..4].try_into().expect("4 bytes"))
});

/// The format of the snapshots this build writes and reads.
pub fn format() -> u32 {
    *FORMAT
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SnapshotError {
    #[error("not a glossary index snapshot")]
    NotASnapshot,
    #[error("a snapshot of format {0}; this build reads format {ours}", ours = format())]
    Format(u32),
    #[error("the snapshot is corrupt: {0}")]
    Corrupt(&'static str),
}

/// One language's snapshot, as the store keeps it.
pub struct Snapshot {
    /// The index without its terms' definitions: what a cold start loads.
    pub index: Vec<u8>,
    /// The definitions (`Definitions`), loaded after the first answers.
    pub definitions: Vec<u8>,
}

impl LangIndex {
    /// The index as snapshot bytes (compressed), its definitions apart.
    pub fn to_snapshot(&self) -> Snapshot {
        let mut definitions: Vec<(u64, &str)> = self
            .entries
            .iter()
            .filter_map(|e| Some((e.source.id, e.source.definition.as_deref()?)))
            .collect();
        // By id, so that a lookup is a binary search.
        definitions.sort_unstable_by_key(|&(id, _)| id);
        Snapshot {
            // `IndexedEntry` serializes its source without the definition.
            index: seal(MAGIC, self),
            definitions: seal(DEFINITIONS_MAGIC, &definitions),
        }
    }

    /// The index that `to_snapshot` wrote, without definitions (every `definition` is `None`).
    pub fn from_snapshot(bytes: &[u8]) -> Result<Self, SnapshotError> {
        let mut index: LangIndex = open(MAGIC, bytes)?;
        check(&index)?;
        index.derive();
        Ok(index)
    }
}

/// The definitions of a snapshot's terms, by term id.
#[derive(Debug, Default)]
pub struct Definitions(Vec<(u64, Box<str>)>);

impl Definitions {
    /// The definitions that `LangIndex::to_snapshot` wrote.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Self, SnapshotError> {
        let definitions: Vec<(u64, Box<str>)> = open(DEFINITIONS_MAGIC, bytes)?;
        if definitions.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err(SnapshotError::Corrupt("definitions out of order"));
        }
        Ok(Self(definitions))
    }

    /// The definition of term `id`; `None` when it has none.
    pub fn get(&self, id: u64) -> Option<&str> {
        let at = self.0.binary_search_by_key(&id, |&(id, _)| id).ok()?;
        Some(&self.0[at].1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn heap_bytes(&self) -> usize {
        self.0.iter().map(|(_, d)| d.len() + 24).sum()
    }
}

/// How `IndexedEntry` serializes its source: every field but the definition, which the
/// definitions piece holds. Written with `..` so that a field added to `IndexSource` is kept.
pub(super) fn without_definition<S: Serializer>(
    source: &IndexSource,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    IndexSource {
        definition: None,
        ..source.clone()
    }
    .serialize(serializer)
}

/// `value` in postcard, LZ4-compressed, behind the magic and the format.
fn seal(magic: &[u8; 4], value: &impl Serialize) -> Vec<u8> {
    let encoded = postcard::to_allocvec(value).expect("a snapshot serializes");
    let mut bytes = Vec::with_capacity(encoded.len() / 2);
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(&format().to_le_bytes());
    bytes.extend_from_slice(&lz4_flex::compress_prepend_size(&encoded));
    bytes
}

/// What `seal` wrote with `magic`, if it was this format.
fn open<T: serde::de::DeserializeOwned>(magic: &[u8; 4], bytes: &[u8]) -> Result<T, SnapshotError> {
    if bytes.len() < 8 || &bytes[..4] != magic {
        return Err(SnapshotError::NotASnapshot);
    }
    let found = u32::from_le_bytes(bytes[4..8].try_into().expect("4 bytes"));
    if found != format() {
        return Err(SnapshotError::Format(found));
    }
    let raw = lz4_flex::decompress_size_prepended(&bytes[8..])
        .map_err(|_| SnapshotError::Corrupt("not LZ4"))?;
    let (value, rest) =
        postcard::take_from_bytes(&raw).map_err(|_| SnapshotError::Corrupt("undecodable"))?;
    if !rest.is_empty() {
        return Err(SnapshotError::Corrupt("trailing bytes"));
    }
    Ok(value)
}

/// The cross-references the queries follow without checking, checked once here so that a
/// corrupt snapshot is an error rather than a panic in a request.
fn check(index: &LangIndex) -> Result<(), SnapshotError> {
    let (entries, fields, words) = (
        index.entries.len() as u32,
        index.fields.len() as u32,
        index.words.len() as u32,
    );
    let fine = |r: &Range<u32>| r.start <= r.end && r.end <= fields;
    let consistent = index.entries.iter().all(|e| fine(&e.fields))
        && index.fields.iter().all(|f| f.entry < entries)
        && index.boundaries.iter().all(|&(field, offset)| {
            index
                .fields
                .get(field as usize)
                .is_some_and(|f| f.norm.is_char_boundary(offset as usize))
        })
        && index.trigrams.ids.iter().all(|&id| id < fields)
        && index.compact.iter().all(|&id| id < fields)
        && index.word_fields.keys.len() == index.words.len()
        && index.word_chars.len() == index.words.len()
        && index.word_fields.ids.iter().all(|&id| id < fields)
        && index.word_bigrams.ids.iter().all(|&id| id < words)
        && index.letters.len() == super::LETTERS.len()
        && index.letters.iter().flatten().all(|&at| at < entries);
    if consistent {
        Ok(())
    } else {
        Err(SnapshotError::Corrupt("references out of range"))
    }
}

/// A postings list as stored: each key's row length, and the row's ids as differences from the
/// id before (most rows are sorted, so these are small varints). Wrapping, so any ids
/// round-trip (a word's fields are in rank order since layout 5, not sorted: the index piece
/// is 3 % larger for it).
#[derive(Serialize)]
struct PackedRef<'a, K> {
    keys: &'a [K],
    lens: Vec<u32>,
    deltas: Vec<u32>,
}

#[derive(Deserialize)]
struct Packed<K> {
    keys: Vec<K>,
    lens: Vec<u32>,
    deltas: Vec<u32>,
}

impl<K: Serialize> Serialize for Postings<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut deltas = Vec::with_capacity(self.ids.len());
        let lens = self
            .starts
            .windows(2)
            .map(|w| {
                let row = &self.ids[w[0] as usize..w[1] as usize];
                let mut last = 0u32;
                deltas.extend(row.iter().map(|&id| {
                    let delta = id.wrapping_sub(last);
                    last = id;
                    delta
                }));
                w[1] - w[0]
            })
            .collect();
        PackedRef {
            keys: &self.keys,
            lens,
            deltas,
        }
        .serialize(serializer)
    }
}

impl<'de, K: Deserialize<'de>> Deserialize<'de> for Postings<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Packed { keys, lens, deltas } = Packed::deserialize(deserializer)?;
        if lens.len() != keys.len() {
            return Err(D::Error::custom("postings: a length per key"));
        }
        let mut starts = Vec::with_capacity(lens.len() + 1);
        let mut end = 0usize;
        starts.push(0);
        for len in lens {
            end = end.saturating_add(len as usize);
            if end > deltas.len() {
                return Err(D::Error::custom("postings: rows past the ids"));
            }
            starts.push(end as u32);
        }
        if end != deltas.len() {
            return Err(D::Error::custom("postings: ids past the rows"));
        }
        let mut ids = deltas;
        for w in starts.windows(2) {
            let mut last = 0u32;
            for id in &mut ids[w[0] as usize..w[1] as usize] {
                last = last.wrapping_add(*id);
                *id = last;
            }
        }
        Ok(Self { keys, starts, ids })
    }
}

/// A tiny index with every optional part present, for the shape of the serde form.
fn sample() -> LangIndex {
    let term: Term = serde_json::from_str(
        r#"{"id": 1, "en": {"name": "T-cell lymphoma", "slug": "t-cell-lymphoma",
            "pronunciation": "(TEE-sel)", "aliases": ["T lymphoma"], "definitions": [
            {"dictionary": "cancer_terms", "audience": "patient", "text": "A cancer.",
             "html": "A cancer."}]}}"#,
    )
    .expect("a sample term");
    let source = term.index_source(Lang::En).expect("an English entry");
    LangIndex::build(Lang::En, vec![source])
}

/// The structure of a serde value without its data: object keys with their values' shapes,
/// arrays as the set of their items' shapes.
fn shape(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "z".into(),
        Value::Bool(_) => "b".into(),
        Value::Number(_) => "n".into(),
        Value::String(_) => "s".into(),
        Value::Array(items) => {
            let mut shapes: Vec<String> = items.iter().map(shape).collect();
            shapes.sort_unstable();
            shapes.dedup();
            format!("[{}]", shapes.join("|"))
        }
        Value::Object(members) => {
            let mut keys: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("{key}:{}", shape(value)))
                .collect();
            keys.sort_unstable();
            format!("{{{}}}", keys.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_tells_fields_apart_not_values() {
        let a = serde_json::json!({"a": 1, "b": ["x", "y"], "c": null});
        let b = serde_json::json!({"c": null, "b": ["z"], "a": 7});
        let added = serde_json::json!({"a": 1, "b": ["x"], "c": null, "d": 2});
        let renamed = serde_json::json!({"a": 1, "b": ["x"], "e": null});
        assert_eq!(shape(&a), shape(&b));
        assert_ne!(shape(&a), shape(&added));
        assert_ne!(shape(&a), shape(&renamed));
    }

    #[test]
    fn postings_round_trip_whatever_their_order() {
        let postings = Postings {
            keys: vec![3u64, 9, 12],
            starts: vec![0, 2, 2, 5],
            ids: vec![4, 1, 0, u32::MAX, 7],
        };
        let back: Postings<u64> =
            postcard::from_bytes(&postcard::to_allocvec(&postings).unwrap()).unwrap();
        assert_eq!(
            (back.keys, back.starts, back.ids),
            (postings.keys, postings.starts, postings.ids)
        );
    }
}
