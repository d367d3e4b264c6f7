//! The in-memory search index of one language, built from the store's terms.
//!
//! - `entries`: the terms, sorted alphabetically by normalized name (browse order, NCI's
//!   `begins` is a binary search here);
//! - `fields`: every name and alias, normalized (`exact_fields` finds one by its whole text);
//! - `boundaries`: every word-boundary position of every field, sorted by the text from there,
//!   so that a phrase prefix ("cel" in "T cell", "t lym" in "T lymphocyte") is a binary search;
//! - `trigrams`: fields by the three-byte sequences they contain, for substrings;
//! - `words`: every distinct word, sorted, with the fields holding it and its character bigrams,
//!   for typo-tolerant lookup (a bigram count filters the words, `fuzzy` compares the rest).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use shared::http::lang::Lang;

use super::bigram::{bigram_at, bigrams};
use super::derived::{byte_entries, compact_ids, letters, priors, ByteFields, FieldWords};
use super::fold::{letter_of, normalize, word_starts};
use super::popularity;
use super::ranking::alpha_key;

/// What the index needs of a term in one language, as the stores load it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexSource {
    pub id: u64,
    pub name: String,
    pub slug: String,
    pub aliases: Vec<String>,
    /// The plain text of the term's primary definition, for result lists and tooltips.
    pub definition: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct IndexedEntry {
    /// In a snapshot without its definition: that is a piece of its own (`domain::snapshot`).
    #[serde(serialize_with = "super::snapshot::without_definition")]
    pub source: IndexSource,
    /// The normalized name's length in characters (the tie-breaker after the match kind); the
    /// normalized name is the entry's first field (`LangIndex::norm_of`).
    pub chars: u16,
    /// How many other definitions mention the term (`popularity`): name prefixes rank by it.
    pub refs: u32,
    /// Field ids of the name and the aliases, in that order.
    pub fields: std::ops::Range<u32>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Field {
    pub entry: u32,
    /// 0 for the name, n for the n-th alias.
    pub slot: u8,
    pub norm: Box<str>,
}

impl Field {
    pub fn is_alias(&self) -> bool {
        self.slot > 0
    }
}

/// Compressed sparse rows: the ids listed under each of a sorted set of keys.
pub(crate) struct Postings<K> {
    pub(super) keys: Vec<K>,
    pub(super) starts: Vec<u32>,
    pub(super) ids: Vec<u32>,
}

impl Postings<u64> {
    /// The postings of a word bigram (`bigram::bigrams`) at most `reach` positions from its
    /// own, with their positions: neighbouring keys (`bigram::bigram_at`), so one search.
    pub fn near(&self, (key, at): (u64, u8), reach: u8) -> impl Iterator<Item = (u8, &[u32])> {
        let from = bigram_at(key, at.saturating_sub(reach));
        let to = bigram_at(key, at.saturating_add(reach));
        // The position is the key's low byte.
        self.range(from, to).map(|(key, ids)| (key as u8, ids))
    }
}

impl<K: Ord + Copy> Postings<K> {
    fn build(mut pairs: Vec<(K, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut keys = Vec::new();
        let mut starts = Vec::new();
        let mut ids = Vec::with_capacity(pairs.len());
        for (key, id) in pairs {
            if keys.last() != Some(&key) {
                keys.push(key);
                starts.push(ids.len() as u32);
            }
            ids.push(id);
        }
        starts.push(ids.len() as u32);
        Self { keys, starts, ids }
    }

    pub fn get(&self, key: K) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(at) => &self.ids[self.starts[at] as usize..self.starts[at + 1] as usize],
            Err(_) => &[],
        }
    }

    /// The keys from `from` to `to` (both included) with their ids, found by one search: the
    /// neighbouring keys of a bigram's positions (`bigram_at`), or of a trigram's last byte.
    pub fn range(&self, from: K, to: K) -> impl Iterator<Item = (K, &[u32])> + '_ {
        let first = self.keys.partition_point(|key| *key < from);
        self.keys[first..]
            .iter()
            .take_while(move |key| **key <= to)
            .zip(first..)
            .map(|(&key, at)| {
                let ids = &self.ids[self.starts[at] as usize..self.starts[at + 1] as usize];
                (key, ids)
            })
    }

    /// The ids under key `at` when the keys are exactly `0..n` (every word has a field): an
    /// index, not a search.
    pub fn get_dense(&self, at: u32) -> &[u32] {
        let at = at as usize;
        &self.ids[self.starts[at] as usize..self.starts[at + 1] as usize]
    }

    /// The ids under the keys of `run`, one list after the other, when the keys are exactly
    /// `0..n` (`get_dense`): one slice, however many keys.
    pub fn get_dense_run(&self, run: std::ops::Range<u32>) -> &[u32] {
        &self.ids[self.starts[run.start as usize] as usize..self.starts[run.end as usize] as usize]
    }

    /// Every key with its ids, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &[u32])> {
        self.keys.iter().enumerate().map(|(at, key)| {
            (
                key,
                &self.ids[self.starts[at] as usize..self.starts[at + 1] as usize],
            )
        })
    }

    /// Each row's ids put in the order of `key` (ids that tie keep their order).
    pub(crate) fn order_rows<T: Ord>(&mut self, key: impl Fn(u32) -> T) {
        for w in self.starts.windows(2) {
            self.ids[w[0] as usize..w[1] as usize].sort_by_key(|&id| key(id));
        }
    }

    fn heap_bytes(&self) -> usize {
        self.keys.capacity() * std::mem::size_of::<K>()
            + (self.starts.capacity() + self.ids.capacity()) * 4
    }
}

/// The letters of the A–Z bar, `#` first.
pub const LETTERS: [char; 27] = [
    '#', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
    's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
];

pub fn letter_slot(letter: char) -> Option<usize> {
    LETTERS.iter().position(|&l| l == letter)
}

/// One language's index. Immutable once built; shared by every request.
///
/// Its serde form is the snapshot's (`domain::snapshot`): a field added here, or to the types it
/// holds, is stored and loaded with the rest. What `derive` makes is rebuilt on load instead.
#[derive(Serialize, Deserialize)]
pub struct LangIndex {
    pub lang: Lang,
    pub(crate) entries: Vec<IndexedEntry>,
    pub(crate) fields: Vec<Field>,
    /// Ids of the fields of several words, by their words run together, so that `5fu` finds
    /// `5-FU` (`compact_fields`).
    pub(crate) compact: Vec<u32>,
    /// Per entry, the ranking after the match (`derived::priors`).
    #[serde(skip)]
    pub(crate) priors: Vec<u64>,
    #[serde(skip)]
    pub(crate) byte_fields: ByteFields,
    /// Per byte, the entries holding it (`LangIndex::entries_with`).
    #[serde(skip)]
    pub(crate) byte_entries: Box<[OnceLock<u32>]>,
    #[serde(skip)]
    pub(crate) field_words: FieldWords,
    /// Per word, its characters as a set (`derived::letters`).
    #[serde(skip)]
    pub(crate) word_letters: Vec<u64>,
    /// (field, byte offset) of each word start, sorted by the field's text from there.
    pub(crate) boundaries: Vec<(u32, u16)>,
    pub(crate) trigrams: Postings<[u8; 3]>,
    /// Distinct words, sorted; a word's position is its id.
    pub(crate) words: Vec<Box<str>>,
    pub(crate) word_chars: Vec<u8>,
    pub(crate) word_fields: Postings<u32>,
    /// (Bigram, position in the word) → the words with that bigram there (`bigram::bigram_at`).
    pub(crate) word_bigrams: Postings<u64>,
    /// Entry positions under each letter of `LETTERS`, in browse order.
    pub(crate) letters: Vec<Vec<u32>>,
}

impl LangIndex {
    pub fn build(lang: Lang, sources: Vec<IndexSource>) -> Self {
        let mut named: Vec<(Box<str>, IndexedEntry)> = sources
            .into_iter()
            .map(|source| {
                let norm = normalize(&source.name);
                let entry = IndexedEntry {
                    chars: u16::try_from(norm.chars().count()).unwrap_or(u16::MAX),
                    source,
                    refs: 0,
                    fields: 0..0,
                };
                (norm.into(), entry)
            })
            .collect();
        named.sort_unstable_by(|(a, x), (b, y)| {
            alpha_key(a, x.source.id).cmp(&alpha_key(b, y.source.id))
        });

        let mut fields = Vec::new();
        let mut entries = Vec::with_capacity(named.len());
        for (at, (norm, mut entry)) in named.into_iter().enumerate() {
            let start = fields.len() as u32;
            // The name first, even when empty: `norm_of` reads it there.
            fields.push(Field {
                entry: at as u32,
                slot: 0,
                norm,
            });
            for (n, alias) in entry.source.aliases.iter().enumerate().take(254) {
                let norm = normalize(alias);
                if !norm.is_empty() {
                    fields.push(Field {
                        entry: at as u32,
                        slot: n as u8 + 1,
                        norm: norm.into(),
                    });
                }
            }
            entry.fields = start..fields.len() as u32;
            entries.push(entry);
        }

        let refs = popularity::references(&entries, &fields);
        for (entry, refs) in entries.iter_mut().zip(refs) {
            entry.refs = refs;
        }
        let mut boundaries = Vec::new();
        let mut trigram_pairs = Vec::new();
        let mut word_pairs: Vec<(&str, u32)> = Vec::new();
        for (id, field) in fields.iter().enumerate() {
            let id = id as u32;
            if field.norm.is_empty() {
                continue;
            }
            for start in word_starts(&field.norm) {
                if let Ok(offset) = u16::try_from(start) {
                    boundaries.push((id, offset));
                }
            }
            for window in field.norm.as_bytes().windows(3) {
                trigram_pairs.push(([window[0], window[1], window[2]], id));
            }
            for word in field.norm.split(' ') {
                word_pairs.push((word, id));
            }
        }
        let text_from =
            |&(field, offset): &(u32, u16)| &fields[field as usize].norm[offset as usize..];
        boundaries.sort_unstable_by(|a, b| text_from(a).cmp(text_from(b)).then(a.cmp(b)));

        word_pairs.sort_unstable();
        let mut words: Vec<Box<str>> = Vec::new();
        let mut word_ids = Vec::with_capacity(word_pairs.len());
        for (word, field) in &word_pairs {
            if words.last().map(|w| &**w) != Some(*word) {
                words.push((*word).into());
            }
            word_ids.push((words.len() as u32 - 1, *field));
        }
        let word_chars = words
            .iter()
            .map(|w| u8::try_from(w.chars().count()).unwrap_or(u8::MAX))
            .collect();
        let word_bigrams = Postings::build(
            words
                .iter()
                .enumerate()
                .flat_map(|(id, w)| {
                    bigrams(w, false)
                        .into_iter()
                        .map(move |(key, at)| (bigram_at(key, at), id as u32))
                })
                .collect(),
        );

        let mut letters = vec![Vec::new(); LETTERS.len()];
        for (at, entry) in entries.iter().enumerate() {
            let norm = &fields[entry.fields.start as usize].norm;
            let slot = letter_slot(letter_of(norm)).expect("every letter has a slot");
            letters[slot].push(at as u32);
        }

        let mut index = Self {
            lang,
            entries,
            compact: compact_ids(&fields),
            priors: Vec::new(),
            byte_fields: ByteFields::default(),
            byte_entries: Box::default(),
            field_words: FieldWords::default(),
            word_letters: Vec::new(),
            boundaries,
            trigrams: Postings::build(trigram_pairs),
            words,
            word_chars,
            // Every word comes from a field, so the keys are exactly the word ids: `get_dense`.
            word_fields: Postings::build(word_ids),
            word_bigrams,
            letters,
            fields,
        };
        index.derive();
        index.order_word_fields_by_rank();
        index
    }

    /// Makes the ranking and byte lookups (`domain::derived`), after a build or a load.
    pub(super) fn derive(&mut self) {
        self.priors = priors(&self.entries);
        self.byte_fields = ByteFields::new(&self.fields);
        self.byte_entries = byte_entries();
        self.field_words = FieldWords::new(&self.word_fields, self.fields.len());
        self.word_letters = self.words.iter().map(|w| letters(w)).collect();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// An entry's normalized name: its first field's text.
    pub(crate) fn norm_of(&self, entry: &IndexedEntry) -> &str {
        &self.fields[entry.fields.start as usize].norm
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many other definitions mention term `id`: the prior name prefixes rank by. A scan,
    /// for tests and reports, not for requests.
    pub fn mentions(&self, id: u64) -> Option<u32> {
        self.entries
            .iter()
            .find(|e| e.source.id == id)
            .map(|e| e.refs)
    }

    /// The number of terms under each letter of `LETTERS`.
    pub fn letter_counts(&self) -> impl Iterator<Item = (char, usize)> + '_ {
        LETTERS
            .iter()
            .zip(&self.letters)
            .map(|(&l, list)| (l, list.len()))
    }

    /// An estimate of the heap the index holds, for the benchmark's report.
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self
            .entries
            .iter()
            .map(|e| {
                let s = &e.source;
                s.name.capacity()
                    + s.slug.capacity()
                    + s.definition.as_ref().map_or(0, String::capacity)
                    + s.aliases.iter().map(|a| a.capacity() + 24).sum::<usize>()
                    + std::mem::size_of::<IndexedEntry>()
            })
            .sum();
        let fields: usize = self
            .fields
            .iter()
            .map(|f| f.norm.len() * 2 + std::mem::size_of::<Field>() + 40)
            .sum();
        strings
            + fields
            + self.boundaries.capacity() * 8
            + self.trigrams.heap_bytes()
            + self.word_fields.heap_bytes()
            + self.word_bigrams.heap_bytes()
            + self.words.iter().map(|w| w.len() + 16).sum::<usize>()
            + self.word_chars.len()
            + self.letters.iter().map(|l| l.capacity() * 4).sum::<usize>()
            + self.priors.capacity() * 8
            + self.byte_fields.heap_bytes()
            + self.byte_entries.len() * std::mem::size_of::<OnceLock<u32>>()
            + self.field_words.heap_bytes()
            + self.word_letters.capacity() * 8
    }
}
