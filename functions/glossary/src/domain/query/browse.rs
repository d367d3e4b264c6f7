//! Alphabetical answers: NCI's match types (begins, contains, exact) and the A–Z browse.

use super::{Found, Hit, Page};
use crate::domain::index::{letter_slot, LangIndex};
use crate::domain::ranking::{alpha_key, classify, MatchKind};

impl LangIndex {
    /// Names matching `test`, alphabetically, as NCI's match types answer.
    pub(super) fn by_name(&self, query: &str, test: impl Fn(&str, &str) -> bool) -> Vec<Found> {
        if query.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|entry| test(self.norm_of(entry), query))
            .map(|entry| {
                let (kind, at) = classify(self.norm_of(entry), query, false)
                    .unwrap_or((MatchKind::Substring, 0));
                self.found(entry.fields.start, kind, 0, at, query.len())
            })
            .collect()
    }

    /// A page of terms in alphabetical order, under one letter (`#`, `a`…`z`) or all of them.
    pub fn browse(&self, letter: Option<char>, after: Option<&[u8]>, limit: usize) -> Page<'_> {
        let all: Vec<u32>;
        let list: &[u32] = match letter.and_then(letter_slot) {
            Some(slot) => &self.letters[slot],
            None => {
                all = (0..self.entries.len() as u32).collect();
                &all
            }
        };
        let key = |at: u32| {
            let entry = &self.entries[at as usize];
            alpha_key(self.norm_of(entry), entry.source.id)
        };
        let start = after.map_or(0, |after| {
            list.partition_point(|&at| key(at).as_slice() <= after)
        });
        let hits: Vec<Hit> = list[start..]
            .iter()
            .take(limit)
            .map(|&at| {
                let entry = &self.entries[at as usize];
                Hit {
                    term: &entry.source,
                    kind: MatchKind::NamePrefix,
                    typos: 0,
                    matched: &entry.source.name,
                    on_alias: false,
                    highlights: Vec::new(),
                    key: key(at),
                }
            })
            .collect();
        let more = start + hits.len() < list.len();
        let next = hits.last().filter(|_| more).map(|hit| hit.key.clone());
        Page {
            hits,
            total: list.len(),
            next,
        }
    }
}
