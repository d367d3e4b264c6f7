//! Answering queries from a `LangIndex`: ranked search and suggestions, NCI's match types,
//! and the A–Z browse. Everything here is synchronous and allocation-light: it runs per request.

use std::collections::HashMap;

use fst::{IntoStreamer, Streamer};

use super::fold::{normalize, Mapped};
use super::fuzzy::WordMatcher;
use super::index::{letter_slot, IndexSource, LangIndex};
use super::ranking::{alpha_key, classify, sort_key, typo_budget, MatchKind};

/// NCI's match types, and ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMode {
    /// Ranked: names, aliases, word prefixes, substrings and typos.
    Smart,
    /// Names that start with the query, alphabetically.
    Begins,
    /// Names that contain the query, alphabetically.
    Contains,
    /// Names equal to the query, alphabetically.
    Exact,
}

/// One result, ready to be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'a> {
    pub term: &'a IndexSource,
    pub kind: MatchKind,
    pub typos: u8,
    /// The name or alias that matched, as written.
    pub matched: &'a str,
    pub on_alias: bool,
    /// Ranges of `matched` to highlight, in UTF-16 code units, ascending.
    pub highlights: Vec<(u32, u32)>,
    /// Where the next page starts after this hit.
    pub key: Vec<u8>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<'a> {
    pub hits: Vec<Hit<'a>>,
    /// Results in all pages.
    pub total: usize,
    /// The key of the last hit, when more follow.
    pub next: Option<Vec<u8>>,
}

/// A match found, before it is shown.
struct Found {
    field: u32,
    kind: MatchKind,
    typos: u8,
    /// Byte range of the match in the field's normalized text (not for fuzzy matches).
    at: usize,
    len: usize,
    key: Vec<u8>,
}

impl LangIndex {
    /// A page of search results after `after` (a key from an earlier page).
    pub fn search(
        &self,
        query: &str,
        mode: MatchMode,
        after: Option<&[u8]>,
        limit: usize,
    ) -> Page<'_> {
        let query = normalize(query);
        let found = match mode {
            MatchMode::Smart => self.ranked(&query, None),
            MatchMode::Begins => self.by_name(&query, |name, q| name.starts_with(q)),
            MatchMode::Contains => self.by_name(&query, |name, q| name.contains(q)),
            MatchMode::Exact => self.by_name(&query, |name, q| name == q),
        };
        let total = found.len();
        let start = after.map_or(0, |after| {
            found.partition_point(|f| f.key.as_slice() <= after)
        });
        let hits: Vec<Hit> = found[start..]
            .iter()
            .take(limit)
            .map(|f| self.show(f, &query))
            .collect();
        let more = start + hits.len() < total;
        let next = hits.last().filter(|_| more).map(|hit| hit.key.clone());
        Page { hits, total, next }
    }

    /// The best `limit` ranked results, for type-ahead: the later kinds are only looked at when
    /// the earlier ones leave room.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let query = normalize(query);
        self.ranked(&query, Some(limit))
            .iter()
            .take(limit)
            .map(|f| self.show(f, &query))
            .collect()
    }

    /// Ranked matches, best first, one per term. With `enough`, stops after the first kinds
    /// that fill that many results, since later kinds rank below all of them.
    fn ranked(&self, query: &str, enough: Option<usize>) -> Vec<Found> {
        let mut best: HashMap<u32, Found> = HashMap::new();
        if query.is_empty() {
            return Vec::new();
        }
        let filled = |best: &HashMap<u32, Found>| enough.is_some_and(|n| best.len() >= n);

        // A plural typed for a singular name (`clinical trials`, `efectos secundarios`) matches
        // it as well as the singular would.
        let singular = singular(query);
        for query in std::iter::once(query).chain(singular.as_deref()) {
            for &field in self.exact.get(query).map_or(&[][..], Vec::as_slice) {
                self.offer(&mut best, field, query);
            }
            if !query.contains(' ') {
                for &field in self.compact.get(query).map_or(&[][..], Vec::as_slice) {
                    let f = &self.fields[field as usize];
                    let kind = if f.is_alias() {
                        MatchKind::ExactAlias
                    } else {
                        MatchKind::ExactName
                    };
                    self.insert_if_better(&mut best, field, kind, 0, (0, f.norm.len()));
                }
            }
            let first = self.entries.partition_point(|e| &*e.norm < query);
            for entry in self.entries[first..]
                .iter()
                .take_while(|e| e.norm.starts_with(query))
            {
                self.offer(&mut best, entry.fields.start, query);
            }
            let text_from = |&(field, offset): &(u32, u16)| {
                &self.fields[field as usize].norm[offset as usize..]
            };
            let first = self.boundaries.partition_point(|b| text_from(b) < query);
            for boundary in self.boundaries[first..]
                .iter()
                .take_while(|b| text_from(b).starts_with(query))
            {
                self.offer(&mut best, boundary.0, query);
            }
        }
        if filled(&best) {
            return sorted(best);
        }

        if query.len() >= 3 {
            // The rarest of the query's trigrams gives the fewest fields to check.
            let candidates = query
                .as_bytes()
                .windows(3)
                .map(|w| self.trigrams.get([w[0], w[1], w[2]]))
                .min_by_key(|list| list.len())
                .unwrap_or_default();
            for &field in candidates {
                self.offer(&mut best, field, query);
            }
        } else {
            for field in 0..self.fields.len() as u32 {
                self.offer(&mut best, field, query);
            }
        }
        if filled(&best) {
            return sorted(best);
        }

        for (field, typos) in self.fuzzy(query) {
            let entry = self.fields[field as usize].entry;
            if best.get(&entry).is_some_and(|f| f.kind < MatchKind::Fuzzy) {
                continue;
            }
            self.insert_if_better(&mut best, field, MatchKind::Fuzzy, typos, (0, 0));
        }
        sorted(best)
    }

    /// Records `field`'s match on `query` unless its term already has a better one.
    fn offer(&self, best: &mut HashMap<u32, Found>, field: u32, query: &str) {
        let f = &self.fields[field as usize];
        let Some((kind, at)) = classify(&f.norm, query, f.is_alias()) else {
            return;
        };
        if best.get(&f.entry).is_some_and(|old| old.kind < kind) {
            return;
        }
        self.insert_if_better(best, field, kind, 0, (at, query.len()));
    }

    fn insert_if_better(
        &self,
        best: &mut HashMap<u32, Found>,
        field: u32,
        kind: MatchKind,
        typos: u8,
        (at, len): (usize, usize),
    ) {
        let entry = self.fields[field as usize].entry;
        let key = self.key_of(field, kind, typos);
        if best.get(&entry).is_none_or(|old| key < old.key) {
            best.insert(
                entry,
                Found {
                    field,
                    kind,
                    typos,
                    at,
                    len,
                    key,
                },
            );
        }
    }

    fn key_of(&self, field: u32, kind: MatchKind, typos: u8) -> Vec<u8> {
        let f = &self.fields[field as usize];
        let entry = &self.entries[f.entry as usize];
        sort_key(kind, typos, f.is_alias(), &entry.norm, entry.source.id)
    }

    /// Fields holding every query word, each within its typo allowance (the last word may be
    /// the start of a word, as it is while typing), with their total typos.
    fn fuzzy(&self, query: &str) -> HashMap<u32, u8> {
        let words: Vec<&str> = query.split(' ').collect();
        if words.len() == 1 && typo_budget(words[0].chars().count()) == 0 {
            // One short word: its exact and prefix matches were all found above.
            return HashMap::new();
        }
        let mut together: Option<HashMap<u32, u8>> = None;
        for (n, word) in words.iter().enumerate() {
            let mut fields: HashMap<u32, u8> = HashMap::new();
            for matcher in word_matchers(word, n + 1 == words.len()) {
                let mut stream = self.words.search_with_state(&matcher).into_stream();
                while let Some((_, word_id, state)) = stream.next() {
                    let Some(typos) = matcher.distance_of_state(state) else {
                        continue;
                    };
                    for &field in self.word_fields.get(word_id as u32) {
                        let slot = fields.entry(field).or_insert(typos);
                        *slot = (*slot).min(typos);
                    }
                }
            }
            together = Some(match together {
                None => fields,
                Some(so_far) => so_far
                    .into_iter()
                    .filter_map(|(field, typos)| {
                        fields.get(&field).map(|more| (field, typos + more))
                    })
                    .collect(),
            });
            if together.as_ref().is_some_and(HashMap::is_empty) {
                break;
            }
        }
        together.unwrap_or_default()
    }

    /// Names matching `test`, alphabetically, as NCI's match types answer.
    fn by_name(&self, query: &str, test: impl Fn(&str, &str) -> bool) -> Vec<Found> {
        if query.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|entry| test(&entry.norm, query))
            .map(|entry| {
                let (kind, at) =
                    classify(&entry.norm, query, false).unwrap_or((MatchKind::Substring, 0));
                Found {
                    field: entry.fields.start,
                    kind,
                    typos: 0,
                    at,
                    len: query.len(),
                    key: alpha_key(&entry.norm, entry.source.id),
                }
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
            alpha_key(&entry.norm, entry.source.id)
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

    /// A found match as shown: the text that matched and where, in the original spelling.
    fn show(&self, found: &Found, query: &str) -> Hit<'_> {
        let field = &self.fields[found.field as usize];
        let term = &self.entries[field.entry as usize].source;
        let matched = match field.slot {
            0 => term.name.as_str(),
            n => term.aliases[usize::from(n) - 1].as_str(),
        };
        let mapped = Mapped::new(matched);
        let highlights = if found.kind == MatchKind::Fuzzy {
            let words: Vec<&str> = query.split(' ').collect();
            let matchers: Vec<WordMatcher> = words
                .iter()
                .enumerate()
                .flat_map(|(n, w)| word_matchers(w, n + 1 == words.len()))
                .collect();
            let mut ranges = Vec::new();
            let mut start = 0;
            for word in mapped.text.split(' ') {
                if matchers.iter().any(|m| m.distance(word).is_some()) {
                    ranges.push(mapped.original_range(start, start + word.len()));
                }
                start += word.len() + 1;
            }
            ranges
        } else {
            vec![mapped.original_range(found.at, found.at + found.len)]
        };
        Hit {
            term,
            kind: found.kind,
            typos: found.typos,
            matched,
            on_alias: field.is_alias(),
            highlights,
            key: found.key.clone(),
        }
    }
}

/// Whether a word reads as a plural: a final `s`, but not the one of `metastasis`, `virus`, `class`.
pub(crate) fn is_plural(word: &str) -> bool {
    word.ends_with('s') && !["ss", "is", "us"].iter().any(|end| word.ends_with(end))
}

/// The query with each plural word of five letters or more made singular, if any is plural.
pub(crate) fn singular(query: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<&str> = query
        .split(' ')
        .map(|word| {
            if word.chars().count() >= 5 && is_plural(word) {
                changed = true;
                &word[..word.len() - 1]
            } else {
                word
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// Matchers for a query word and, for a plural (`trials`, `efectos`), its singular too: a
/// plural typed for a singular name should not spend the typo allowance.
fn word_matchers(word: &str, last: bool) -> Vec<WordMatcher> {
    let mut matchers = vec![WordMatcher::new(
        word,
        typo_budget(word.chars().count()),
        last,
    )];
    if word.chars().count() >= 5 && is_plural(word) {
        let singular = &word[..word.len() - 1];
        matchers.push(WordMatcher::new(
            singular,
            typo_budget(singular.chars().count()),
            last,
        ));
    }
    matchers
}

fn sorted(best: HashMap<u32, Found>) -> Vec<Found> {
    let mut found: Vec<Found> = best.into_values().collect();
    found.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    found
}
