//! The stages without typos, best first: exact names and aliases, name prefixes, word
//! prefixes, then substrings (through trigrams). Each stage runs only while results are missing.

use super::candidates::WordCache;
use super::collector::Collector;
use super::sorted_run;
use super::typos::singular;
use super::{Found, Wanted};
use crate::domain::fuzzy::WordMatcher;
use crate::domain::index::LangIndex;
use crate::domain::ranking::MatchKind;

impl LangIndex {
    pub(super) fn collect(
        &self,
        query: &str,
        wanted: Wanted,
        best: &mut Collector,
        matchers: &mut Vec<WordMatcher>,
        cache: &mut WordCache,
    ) {
        let Wanted {
            enough,
            relax_below,
            typo_page,
        } = wanted;
        let filled = |best: &Collector| enough.is_some_and(|n| best.found.len() >= n);
        // A plural typed for a singular name (`clinical trials`, `efectos secundarios`) matches
        // it, just after what matches as typed. The singular is a whole word: `hypers` is not
        // `hyper` being typed, so it finds `hypersensitivity`, not `hyperplasia`.
        let singular = singular(query);
        let variants: Vec<(&str, bool)> = std::iter::once((query, false))
            .chain(singular.as_deref().map(|s| (s, true)))
            .collect();
        let offer = |best: &mut Collector, mut found: Found, singular: bool| {
            found.singular = singular;
            best.offer(found);
        };

        // Exact names and aliases, also with their words run together (`5fu` = `5-FU`).
        for &(variant, singular) in &variants {
            let compact = match variant.contains(' ') {
                true => &[],
                false => self.compact_fields(variant),
            };
            for field in self.exact_fields(variant).chain(compact.iter().copied()) {
                let f = &self.fields[field as usize];
                let kind = if f.is_alias() {
                    MatchKind::ExactAlias
                } else {
                    MatchKind::ExactName
                };
                offer(best, self.found(field, kind, 0, 0, f.norm.len()), singular);
            }
        }
        if filled(best) {
            return;
        }
        // Names starting with the query: a contiguous run of the alphabetical entries.
        for &(variant, singular) in &variants {
            let run = sorted_run(&self.entries, |e| self.norm_of(e), variant);
            for entry in &self.entries[run] {
                let name = self.norm_of(entry);
                if singular && !ends_word(name, variant.len()) {
                    continue;
                }
                let kind = if name.len() == variant.len() {
                    MatchKind::ExactName
                } else {
                    MatchKind::NamePrefix
                };
                let found = self.found(entry.fields.start, kind, 0, 0, variant.len());
                offer(best, found, singular);
            }
        }
        if filled(best) {
            return;
        }
        // Later words of names, and aliases, starting with the query: a run of `boundaries`.
        for &(variant, singular) in &variants {
            let run = sorted_run(&self.boundaries, |b| self.text_from(b), variant);
            for boundary in &self.boundaries[run] {
                let (field, offset) = (boundary.0, usize::from(boundary.1));
                let f = &self.fields[field as usize];
                if singular && !ends_word(&f.norm, offset + variant.len()) {
                    continue;
                }
                let kind = match (f.is_alias(), offset) {
                    (false, 0) => continue,
                    (true, 0) if f.norm.len() == variant.len() => MatchKind::ExactAlias,
                    _ => MatchKind::WordPrefix,
                };
                offer(
                    best,
                    self.found(field, kind, 0, offset, variant.len()),
                    singular,
                );
            }
        }
        if filled(best) {
            return;
        }

        self.substrings(query, best);
        if filled(best) {
            return;
        }

        // A page of typo matches decides whether the relaxed stage runs, as all of them would.
        let page = enough.filter(|_| typo_page).map(|n| n.max(relax_below));
        let (fuzzy, used) = self.fuzzy(query, page, best, cache);
        *matchers = used;
        for (field, typos) in fuzzy {
            best.offer(self.found(field, MatchKind::Fuzzy, typos, 0, 0));
        }
        if best.found.len() >= relax_below {
            return;
        }
        let (relaxed, used) = self.relaxed(query, best, cache);
        matchers.extend(used);
        for r in relaxed {
            let kind = if r.missing == 0 {
                MatchKind::Fuzzy
            } else {
                MatchKind::Partial
            };
            let mut found = self.found(r.field, kind, r.typos, 0, 0);
            found.missing = r.missing;
            best.offer(found);
        }
    }

    /// Matches inside words. Every field holding the query holds all its trigrams: the rarest
    /// give the fewest fields to check. Matches at word starts were found before this runs.
    fn substrings(&self, query: &str, best: &mut Collector) {
        if query.len() >= 3 {
            // The query's rarest trigrams, intersected (the lists are sorted by field), leave
            // few fields to check. The trigrams of one word share their fields (`sindrome`'s
            // all hold `sindrome`), so the last trigram, from what is being typed, is taken
            // second: it tells most apart.
            let mut lists: Vec<&[u32]> = query
                .as_bytes()
                .windows(3)
                .map(|w| self.trigrams.get([w[0], w[1], w[2]]))
                .collect();
            let last = lists.pop().unwrap_or_default();
            lists.sort_unstable_by_key(|list| list.len());
            let at = lists.partition_point(|list| list.len() < last.len()).min(1);
            lists.insert(at, last);
            let mut candidates: Vec<u32> = lists.first().map_or_else(Vec::new, |l| l.to_vec());
            for list in lists.iter().skip(1).take(3) {
                if candidates.len() <= 16 {
                    break;
                }
                candidates.retain(|field| list.binary_search(field).is_ok());
            }
            // Three bytes are one trigram: its fields all hold the query (the offset is found
            // when a result is shown). A longer query is searched for with one searcher, built
            // once rather than per field.
            let finder = memchr::memmem::Finder::new(query.as_bytes());
            for field in candidates {
                let f = &self.fields[field as usize];
                if best.has(f.entry) {
                    continue;
                }
                let at = match query.len() {
                    3 => Some(usize::MAX),
                    _ => finder.find(f.norm.as_bytes()),
                };
                if let Some(at) = at {
                    best.offer(self.found(field, MatchKind::Substring, 0, at, query.len()));
                }
            }
        } else if query.len() == 2 {
            // Two bytes: the fields under every trigram that holds them, no check needed (the
            // offset is found when a result is shown). A field of two bytes is an exact match.
            for fields in self.trigrams_holding([query.as_bytes()[0], query.as_bytes()[1]]) {
                for &field in fields {
                    if !best.has(self.fields[field as usize].entry) {
                        best.offer(self.found(field, MatchKind::Substring, 0, usize::MAX, 2));
                    }
                }
            }
        } else if let &[byte] = query.as_bytes() {
            // One byte: the fields holding it, without reading their text (the offset is found
            // when a result is shown). The first of a term's fields to hold it counts, the name
            // before the aliases.
            for field in self.byte_fields.fields_with(byte) {
                if !best.has(self.fields[field as usize].entry) {
                    best.offer(self.found(field, MatchKind::Substring, 0, usize::MAX, 1));
                }
            }
        }
    }

    /// The fields of every trigram starting or ending with `pair`, trigram by trigram in key
    /// order (the first field of a term to be offered is kept). Those starting with it are a
    /// run of the sorted keys; those ending with it are looked up for each byte the index has,
    /// rather than found by reading all the keys.
    fn trigrams_holding(&self, pair: [u8; 2]) -> Vec<&[u32]> {
        let [a, b] = pair;
        let mut found: Vec<([u8; 3], &[u32])> =
            self.trigrams.range([a, b, 0], [a, b, u8::MAX]).collect();
        for byte in (0..=u8::MAX).filter(|&byte| self.byte_fields.has(byte)) {
            let fields = self.trigrams.get([byte, a, b]);
            // `[a, a, a]` both starts and ends with `aa`: it is in the run already.
            if !fields.is_empty() && [byte, a, b] != [a, b, byte] {
                found.push(([byte, a, b], fields));
            }
        }
        found.sort_unstable_by_key(|&(trigram, _)| trigram);
        found.into_iter().map(|(_, fields)| fields).collect()
    }
}

/// Whether a word of normalized `text` ends at byte `at`.
fn ends_word(text: &str, at: usize) -> bool {
    text.as_bytes().get(at).is_none_or(|&byte| byte == b' ')
}
