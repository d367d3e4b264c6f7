//! What an index derives from its stored parts on load instead of storing: cheap to make
//! (about a millisecond per language), and kept in the layout the queries read fastest.
//!
//! - `priors`: each entry's popularity and name length packed into one integer, so that ranking
//!   thousands of matches reads one dense array instead of the entries;
//! - `ByteFields`: the fields holding each byte, so that a one-letter query's substrings are
//!   found without reading any field's text.

use std::cmp::Ordering;

use super::index::{Field, IndexedEntry, LangIndex};

/// Per entry, what ranks it after the match itself: the popularity prior (inverted: more
/// mentions, smaller) above the name's length in characters.
pub(super) fn priors(entries: &[IndexedEntry]) -> Vec<u64> {
    entries
        .iter()
        .map(|e| u64::from(u32::MAX - e.refs) << 16 | u64::from(e.chars))
        .collect()
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

impl LangIndex {
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
}
