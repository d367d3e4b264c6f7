//! What an index derives from its stored parts on load instead of storing: cheap to make
//! (about a millisecond per language), and kept in the layout the queries read fastest.
//!
//! - `priors`: each entry's popularity and name length packed into one integer, so that ranking
//!   thousands of matches reads one dense array instead of the entries;
//! - `ByteFields`: the fields holding each byte, so that a one-letter query's substrings are
//!   found without reading any field's text (and, counted on first use, how many entries hold
//!   it: `LangIndex::entries_with`);
//! - `letters`: each word's characters as a 64-bit set, so that a word lacking more of a
//!   query word's letters than its typos allow is dropped without an edit distance;
//! - `FieldWords`: the word ids of each field (the word postings inverted), so that checking
//!   whether a field has one of a query word's words compares integers, not its text.

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::index::{Field, IndexedEntry, LangIndex, Postings};

/// Per entry, what ranks it after the match itself: the popularity prior (inverted: more
/// mentions, smaller) above the name's length in characters.
pub(super) fn priors(entries: &[IndexedEntry]) -> Vec<u64> {
    entries
        .iter()
        .map(|e| u64::from(u32::MAX - e.refs) << 16 | u64::from(e.chars))
        .collect()
}

/// The bit of a character in a `letters` set: distinct characters may share one, which only
/// keeps a few more words for the edit distance.
pub(crate) fn letter_bit(c: char) -> u64 {
    1 << (c as u32 % 64)
}

/// The characters of `word` as a set of `letter_bit`s.
pub(crate) fn letters(word: &str) -> u64 {
    word.chars().fold(0, |set, c| set | letter_bit(c))
}

/// One bitset of field ids per byte that occurs in some field.
#[derive(Default)]
pub(crate) struct ByteFields {
    sets: Vec<Option<Box<[u64]>>>,
}

impl ByteFields {
    pub(super) fn new(fields: &[Field]) -> Self {
        let words = fields.len().div_ceil(64);
        let mut sets: Vec<Option<Box<[u64]>>> = vec![None; 256];
        for (id, field) in fields.iter().enumerate() {
            for &byte in field.norm.as_bytes() {
                let set = sets[usize::from(byte)].get_or_insert_with(|| vec![0; words].into());
                set[id / 64] |= 1 << (id % 64);
            }
        }
        Self { sets }
    }

    /// Whether some field holds `byte`.
    pub(crate) fn has(&self, byte: u8) -> bool {
        self.sets
            .get(usize::from(byte))
            .is_some_and(Option::is_some)
    }

    /// The fields holding `byte`, in id order.
    pub(crate) fn fields_with(&self, byte: u8) -> impl Iterator<Item = u32> + '_ {
        let set = self.sets.get(usize::from(byte)).and_then(Option::as_deref);
        set.unwrap_or(&[])
            .iter()
            .enumerate()
            .flat_map(|(at, &word)| {
                let base = at as u32 * 64;
                std::iter::successors((word != 0).then_some(word), |&rest| {
                    let rest = rest & (rest - 1);
                    (rest != 0).then_some(rest)
                })
                .map(move |bits| base + bits.trailing_zeros())
            })
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.sets
            .iter()
            .flatten()
            .map(|set| set.len() * 8)
            .sum::<usize>()
            + 256 * 16
    }
}

/// The distinct word ids of each field, ascending, in one array.
#[derive(Default)]
pub(crate) struct FieldWords {
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl FieldWords {
    /// Inverts the word postings (word id → fields, every word id a key): one counting pass.
    pub(super) fn new(word_fields: &Postings<u32>, fields: usize) -> Self {
        let mut starts = vec![0u32; fields + 1];
        for (_, list) in word_fields.iter() {
            for &field in list {
                starts[field as usize + 1] += 1;
            }
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut ids = vec![0u32; starts[fields] as usize];
        for (&word, list) in word_fields.iter() {
            for &field in list {
                ids[next[field as usize] as usize] = word;
                next[field as usize] += 1;
            }
        }
        Self { starts, ids }
    }

    pub(crate) fn of(&self, field: u32) -> &[u32] {
        let at = field as usize;
        &self.ids[self.starts[at] as usize..self.starts[at + 1] as usize]
    }

    pub(super) fn heap_bytes(&self) -> usize {
        (self.starts.capacity() + self.ids.capacity()) * 4
    }
}

/// Per byte, how many entries have a field holding it, each counted when first asked for.
pub(super) fn byte_entries() -> Box<[OnceLock<u32>]> {
    (0..256).map(|_| OnceLock::new()).collect()
}

impl LangIndex {
    /// How many entries have a field holding `byte`: every result of a one-letter query.
    /// Counted on the first such query (a pass over the byte's fields, whose entries are in
    /// order) rather than at load, where it would add to every cold start.
    pub(crate) fn entries_with(&self, byte: u8) -> usize {
        let count = || {
            let mut last = u32::MAX;
            let mut count = 0;
            for field in self.byte_fields.fields_with(byte) {
                let entry = self.fields[field as usize].entry;
                if entry != last {
                    last = entry;
                    count += 1;
                }
            }
            count
        };
        *self.byte_entries[usize::from(byte)].get_or_init(count) as usize
    }

    /// Whether one of `field`'s words is in `run` (a run of the sorted words).
    pub(crate) fn has_word_in(&self, field: u32, run: &std::ops::Range<u32>) -> bool {
        self.field_words.of(field).iter().any(|id| run.contains(id))
    }

    /// The fields whose whole text is `text`, by id: among the word starts whose text from
    /// there is `text` (they sort together in `boundaries`), those at the start of their field.
    pub(crate) fn exact_fields<'a>(&'a self, text: &'a str) -> impl Iterator<Item = u32> + 'a {
        let first = self
            .boundaries
            .partition_point(|b| self.text_from(b) < text);
        self.boundaries[first..]
            .iter()
            .take_while(move |b| self.text_from(b) == text)
            .filter(|&&(_, offset)| offset == 0)
            .map(|&(field, _)| field)
    }

    /// The fields of several words whose words run together are `text` (`5fu` for `5-FU`).
    pub(crate) fn compact_fields(&self, text: &str) -> &[u32] {
        let order = |&field: &u32| compact_order(&self.fields[field as usize].norm, text);
        let first = self.compact.partition_point(|f| order(f) == Ordering::Less);
        let len = self.compact[first..].partition_point(|f| order(f) == Ordering::Equal);
        &self.compact[first..first + len]
    }

    pub(crate) fn text_from(&self, &(field, offset): &(u32, u16)) -> &str {
        &self.fields[field as usize].norm[usize::from(offset)..]
    }
}

/// The order of a field's text without its spaces against `text`.
pub(super) fn compact_order(norm: &str, text: &str) -> Ordering {
    norm.bytes().filter(|&b| b != b' ').cmp(text.bytes())
}

/// The ids of the fields of several words, by their text without spaces (`compact_fields`).
pub(super) fn compact_ids(fields: &[Field]) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..fields.len() as u32)
        .filter(|&id| fields[id as usize].norm.contains(' '))
        .collect();
    let text = |id: u32| fields[id as usize].norm.bytes().filter(|&b| b != b' ');
    ids.sort_by(|&a, &b| text(a).cmp(text(b)).then(a.cmp(&b)));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(norm: &str) -> Field {
        Field {
            entry: 0,
            slot: 0,
            norm: norm.into(),
        }
    }

    #[test]
    fn byte_sets_list_every_field_holding_the_byte_once_in_order() {
        let mut fields: Vec<Field> = (0..130).map(|_| field("xyz")).collect();
        for at in [0, 63, 64, 127, 129] {
            fields[at] = field("cancer");
        }
        let sets = ByteFields::new(&fields);
        assert_eq!(
            sets.fields_with(b'c').collect::<Vec<_>>(),
            [0, 63, 64, 127, 129]
        );
        assert_eq!(sets.fields_with(b'x').count(), 125);
        assert_eq!(sets.fields_with(b'q').count(), 0);
    }

    #[test]
    fn field_words_are_each_fields_words() {
        use crate::domain::IndexSource;
        use shared::http::lang::Lang;
        let source = |id: u64, name: &str, aliases: &[&str]| IndexSource {
            id,
            name: name.into(),
            slug: format!("t{id}"),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            definition: None,
        };
        let index = LangIndex::build(
            Lang::En,
            vec![
                source(1, "T cell", &["T lymphocyte", "cell cell"]),
                source(2, "cancer", &[]),
                source(3, "", &[]),
            ],
        );
        for (id, field) in index.fields.iter().enumerate() {
            let mut expected: Vec<&str> = field.norm.split(' ').collect();
            expected.sort_unstable();
            expected.dedup();
            let words: Vec<&str> = index
                .field_words
                .of(id as u32)
                .iter()
                .map(|&w| &*index.words[w as usize])
                .collect();
            // The empty name has no words: the index skips empty fields.
            if field.norm.is_empty() {
                assert!(words.is_empty());
            } else {
                assert_eq!(words, expected, "{:?}", field.norm);
            }
        }
    }
}
