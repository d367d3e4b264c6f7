//! A built index as bytes, so that a cold start loads it instead of building it.
//!
//! The seed command builds both indexes from the seed file and stores them in this form; an
//! instance decodes them, which is copying arrays rather than normalizing, sorting and hashing.
//! The layout is flat little-endian (`u32` counts, then the items); the whole-text lookups
//! (`exact`, `compact`) are rebuilt from the fields, as cheap as reading them would be. The
//! bytes are LZ4-compressed: a third of the size for about a millisecond of decoding.
//!
//! `FORMAT` names this layout *and* what `LangIndex::build` makes: change either, bump it, and
//! instances ignore older snapshots (building from the table) until the seed command is run.

use std::ops::Range;

use shared::http::lang::Lang;

use super::index::{lookups, Field, IndexedEntry, LangIndex, Postings, LETTERS};
use super::IndexSource;

/// The version of the snapshot layout and of the index it holds.
pub const FORMAT: u32 = 1;
const MAGIC: &[u8; 4] = b"IGIX";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SnapshotError {
    #[error("not a glossary index snapshot")]
    NotASnapshot,
    #[error("a snapshot of format {0}; this build reads format {FORMAT}")]
    Format(u32),
    #[error("the snapshot is corrupt: {0}")]
    Corrupt(&'static str),
}

impl LangIndex {
    /// The index as snapshot bytes (compressed).
    pub fn to_snapshot(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(8 << 20));
        w.0.extend_from_slice(MAGIC);
        w.u32(FORMAT);
        w.0.push(u8::from(self.lang == Lang::Es));
        w.u32(self.entries.len() as u32);
        for e in &self.entries {
            let s = &e.source;
            w.0.extend_from_slice(&s.id.to_le_bytes());
            w.str(&s.name);
            w.str(&s.slug);
            w.u32(s.aliases.len() as u32);
            for alias in &s.aliases {
                w.str(alias);
            }
            match &s.definition {
                Some(definition) => {
                    w.0.push(1);
                    w.str(definition);
                }
                None => w.0.push(0),
            }
            w.str(&e.norm);
            w.0.extend_from_slice(&e.chars.to_le_bytes());
            w.u32(e.fields.start);
            w.u32(e.fields.end);
        }
        w.u32(self.fields.len() as u32);
        for f in &self.fields {
            w.u32(f.entry);
            w.0.push(f.slot);
            w.str(&f.norm);
        }
        w.u32(self.boundaries.len() as u32);
        for &(field, offset) in &self.boundaries {
            w.u32(field);
            w.0.extend_from_slice(&offset.to_le_bytes());
        }
        w.u32(self.trigrams.keys.len() as u32);
        w.0.extend(self.trigrams.keys.iter().flatten());
        w.rest(&self.trigrams.starts, &self.trigrams.ids);
        w.u32(self.words.len() as u32);
        for word in &self.words {
            w.str(word);
        }
        w.0.extend_from_slice(&self.word_chars);
        w.u32s(&self.word_fields.keys);
        w.rest(&self.word_fields.starts, &self.word_fields.ids);
        w.u32(self.word_bigrams.keys.len() as u32);
        for key in &self.word_bigrams.keys {
            w.0.extend_from_slice(&key.to_le_bytes());
        }
        w.rest(&self.word_bigrams.starts, &self.word_bigrams.ids);
        for letter in &self.letters {
            w.u32s(letter);
        }
        lz4_flex::compress_prepend_size(&w.0)
    }

    /// The index that `to_snapshot` wrote.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Self, SnapshotError> {
        let raw =
            lz4_flex::decompress_size_prepended(bytes).map_err(|_| SnapshotError::NotASnapshot)?;
        let mut r = Reader(&raw);
        if r.take(4)? != MAGIC {
            return Err(SnapshotError::NotASnapshot);
        }
        let format = r.u32()?;
        if format != FORMAT {
            return Err(SnapshotError::Format(format));
        }
        let lang = if r.u8()? == 1 { Lang::Es } else { Lang::En };
        let count = r.count()?;
        let mut entries = Vec::with_capacity(count);
        for _ in 0..count {
            let id = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let name = r.str()?.to_owned();
            let slug = r.str()?.to_owned();
            let aliases = (0..r.count()?)
                .map(|_| r.str().map(str::to_owned))
                .collect::<Result<_, _>>()?;
            let definition = match r.u8()? {
                0 => None,
                _ => Some(r.str()?.to_owned()),
            };
            let norm = r.str()?.into();
            let chars = u16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes"));
            let fields = r.u32()?..r.u32()?;
            entries.push(IndexedEntry {
                source: IndexSource {
                    id,
                    name,
                    slug,
                    aliases,
                    definition,
                },
                norm,
                chars,
                fields,
            });
        }
        let count = r.count()?;
        let mut fields = Vec::with_capacity(count);
        for _ in 0..count {
            fields.push(Field {
                entry: r.u32()?,
                slot: r.u8()?,
                norm: r.str()?.into(),
            });
        }
        let count = r.count()?;
        let boundaries = r
            .take(count * 6)?
            .chunks_exact(6)
            .map(|c| {
                let field = u32::from_le_bytes(c[..4].try_into().expect("4 bytes"));
                (field, u16::from_le_bytes([c[4], c[5]]))
            })
            .collect();
        let count = r.count()?;
        let keys = r
            .take(count * 3)?
            .chunks_exact(3)
            .map(|c| [c[0], c[1], c[2]])
            .collect();
        let trigrams = r.postings(keys)?;
        let count = r.count()?;
        let words: Vec<Box<str>> = (0..count)
            .map(|_| r.str().map(Box::from))
            .collect::<Result<_, _>>()?;
        let word_chars = r.take(count)?.to_vec();
        let keys = r.u32s()?;
        let word_fields = r.postings(keys)?;
        let count = r.count()?;
        let keys = r
            .take(count * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect();
        let word_bigrams = r.postings(keys)?;
        let letters = (0..LETTERS.len())
            .map(|_| r.u32s())
            .collect::<Result<_, _>>()?;
        if !r.0.is_empty() {
            return Err(SnapshotError::Corrupt("trailing bytes"));
        }
        let (exact, compact) = lookups(&fields);
        let index = Self {
            lang,
            entries,
            fields,
            exact,
            compact,
            boundaries,
            trigrams,
            words,
            word_chars,
            word_fields,
            word_bigrams,
            letters,
        };
        check(&index)?;
        Ok(index)
    }
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
        && index.word_fields.keys.len() == index.words.len()
        && index.word_chars.len() == index.words.len()
        && index.word_fields.ids.iter().all(|&id| id < fields)
        && index.word_bigrams.ids.iter().all(|&id| id >> 8 < words)
        && index.letters.iter().flatten().all(|&at| at < entries);
    if consistent {
        Ok(())
    } else {
        Err(SnapshotError::Corrupt("references out of range"))
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn str(&mut self, text: &str) {
        self.u32(text.len() as u32);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn u32s(&mut self, values: &[u32]) {
        self.u32(values.len() as u32);
        for value in values {
            self.u32(*value);
        }
    }

    /// A postings list's starts and ids, after its keys.
    fn rest(&mut self, starts: &[u32], ids: &[u32]) {
        self.u32s(starts);
        self.u32s(ids);
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        if n > self.0.len() {
            return Err(SnapshotError::Corrupt("truncated"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    /// A count, bounded by what is left so that a corrupt one cannot make a huge allocation.
    fn count(&mut self) -> Result<usize, SnapshotError> {
        let count = self.u32()? as usize;
        if count > self.0.len() {
            return Err(SnapshotError::Corrupt("count past the end"));
        }
        Ok(count)
    }

    fn str(&mut self) -> Result<&'a str, SnapshotError> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|_| SnapshotError::Corrupt("not UTF-8"))
    }

    fn u32s(&mut self) -> Result<Vec<u32>, SnapshotError> {
        let count = self.count()?;
        Ok(self
            .take(count * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
    }

    fn postings<K>(&mut self, keys: Vec<K>) -> Result<Postings<K>, SnapshotError> {
        let starts = self.u32s()?;
        let ids = self.u32s()?;
        let ends_match = starts.len() == keys.len() + 1
            && starts.last().is_some_and(|&end| end as usize == ids.len())
            && starts.windows(2).all(|w| w[0] <= w[1]);
        if !ends_match {
            return Err(SnapshotError::Corrupt("postings"));
        }
        Ok(Postings { keys, starts, ids })
    }
}
