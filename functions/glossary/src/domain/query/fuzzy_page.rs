//! The typo stage of a one-word query when only a page is wanted (`suggest`): each accepted
//! word's fields are walked in rank order (`LangIndex::build` orders them) only until a page of
//! terms is seen, instead of all of them (`cacner` reaches thousands of fields).
//!
//! Why the page is still the true one: a term's rank is that of its best field, and a word's
//! fields are in the order of the ranks they give (names before aliases, shorter names first,
//! then the entry), the same typos for all of them. When a word's walk stops before a term's
//! field, a page of other terms came before it there, each ranking above it: if that field was
//! the term's best, the term is not on the page; if not, its best is reached from another
//! word. Once a page of terms is found with some typos, words with more typos cannot reach it.

use super::collector::{give_back, take_buffer, Collector};
use crate::domain::index::LangIndex;
use crate::domain::ranking::MatchKind;

impl LangIndex {
    /// Puts each word's fields in the order a typo match on them ranks (`rank_key`, with the
    /// same typos for every field of a word), the order `fuzzy_page` walks. Nothing reads the
    /// rows in field order. `LangIndex::build` runs it once the ranking integers are derived.
    pub(in crate::domain) fn order_word_fields_by_rank(&mut self) {
        let keys: Vec<u128> = (0..self.fields.len() as u32)
            .map(|field| self.rank_key(&self.found(field, MatchKind::Fuzzy, 0, 0, 0)))
            .collect();
        self.word_fields.order_rows(|field| keys[field as usize]);
    }

    /// Fields of terms not found yet holding one of `ids` (accepted words with their typos,
    /// fewest first), each with the fewest typos it was reached with: enough of them that the
    /// best `page` terms of the typo stage are among them, with the same best fields as when
    /// every field is walked.
    pub(super) fn fuzzy_page(
        &self,
        ids: &[(u32, u8)],
        page: usize,
        best: &Collector,
    ) -> Vec<(u32, u8)> {
        let mut reached = take_buffer(|s| &mut s.rounds, self.fields.len(), 0u8);
        // Per entry, 1 + the last word whose walk saw it (0: none yet), so that a term with a
        // name and an alias holding the word counts once in that walk.
        let mut seen = take_buffer(|s| &mut s.entry_rows, self.entries.len(), 0u32);
        let mut touched = Vec::new();
        let mut fields = Vec::new();
        // Terms seen that earlier stages did not find.
        let mut new_terms = 0;
        let mut level = None;
        for (row, &(id, typos)) in ids.iter().enumerate() {
            if level != Some(typos) {
                if best.found.len() + new_terms >= page {
                    break;
                }
                level = Some(typos);
            }
            let stamp = row as u32 + 1;
            let mut terms = 0;
            for &field in self.word_fields.get_dense(id) {
                let entry = self.fields[field as usize].entry;
                let found_before = best.has(entry);
                if seen[entry as usize] != stamp {
                    if terms == page {
                        break;
                    }
                    terms += 1;
                    if seen[entry as usize] == 0 {
                        touched.push(entry);
                        new_terms += usize::from(!found_before);
                    }
                    seen[entry as usize] = stamp;
                }
                if !found_before && reached[field as usize] == 0 {
                    reached[field as usize] = 1;
                    fields.push((field, typos));
                }
            }
        }
        for &(field, _) in &fields {
            reached[field as usize] = 0;
        }
        for &entry in &touched {
            seen[entry as usize] = 0;
        }
        give_back(|s| &mut s.rounds, reached);
        give_back(|s| &mut s.entry_rows, seen);
        fields
    }
}
