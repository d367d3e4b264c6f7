//! Answering queries from a `LangIndex`: ranked search and suggestions, NCI's match types,
//! and the A–Z browse. Everything here is synchronous and allocation-light: it runs per request.

//!
//! One file per stage: `exact` (names, prefixes, substrings), `typos` (fuzzy words, plurals),
//! `browse` (alphabetical answers); `collector` keeps the best match of each term meanwhile.

mod browse;
mod candidates;
mod collector;
mod exact;
mod question;
mod relaxed;
mod split;
mod typos;

use std::collections::BinaryHeap;

use super::fold::{normalize, Mapped};
use super::fuzzy::WordMatcher;
use super::index::{IndexSource, LangIndex};
use super::ranking::{alpha_key, rank_byte, ranks_by_popularity, sort_key_into, MatchKind};
use candidates::WordCache;
use collector::Collector;
pub use question::subject as question_subject;
pub use relaxed::{stop_words, RELAX_BELOW};
use typos::word_matchers;
pub use typos::{is_plural, singular};

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

/// A match found, before it is shown. Everything that ranks a result besides `kind`, `typos`
/// and `on_alias` belongs to its term, so the best match of a term is the least of these three.
#[derive(Debug, Clone, Copy)]
struct Found {
    entry: u32,
    field: u32,
    kind: MatchKind,
    typos: u8,
    on_alias: bool,
    /// Query words the field lacks (partial matches only).
    missing: u8,
    /// Byte range of the match in the field's normalized text (not for fuzzy matches).
    at: usize,
    len: usize,
}

impl Found {
    fn rank(&self) -> (MatchKind, u8, u8, bool) {
        (self.kind, self.missing, self.typos, self.on_alias)
    }
}

/// Matches and the automata that found the fuzzy ones (reused for their highlights).
struct Ranked {
    found: Vec<Found>,
    matchers: Vec<WordMatcher>,
    /// The words they accepted.
    words: WordCache,
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
        let query = match mode {
            MatchMode::Smart => self.subject(query),
            _ => query,
        };
        let (page, total, more, matchers, highlight) = match mode {
            MatchMode::Smart => {
                let Ranked {
                    found,
                    matchers,
                    words,
                } = self.ranked(&query, None);
                let total = found.len();
                let (page, more) = self.window(found, after, limit);
                let highlight = self.highlighted(&page, &matchers, &words);
                (page, total, more, matchers, highlight)
            }
            _ => {
                let found = match mode {
                    MatchMode::Begins => self.by_name(&query, |name, q| name.starts_with(q)),
                    MatchMode::Contains => self.by_name(&query, |name, q| name.contains(q)),
                    _ => self.by_name(&query, |name, q| name == q),
                };
                // Alphabetical: `by_name` lists them in entry order, which is this key's.
                let total = found.len();
                let start = after.map_or(0, |after| {
                    found.partition_point(|f| self.alpha_key_of(f).as_slice() <= after)
                });
                let page: Vec<Found> = found[start..].iter().take(limit).copied().collect();
                let more = start + page.len() < total;
                (page, total, more, Vec::new(), None)
            }
        };
        let hits: Vec<Hit> = page
            .iter()
            .map(|f| {
                let key = match mode {
                    MatchMode::Smart => self.key_of(f),
                    _ => self.alpha_key_of(f),
                };
                self.show(f, &query, &matchers, highlight.as_deref(), key)
            })
            .collect();
        let next = hits.last().filter(|_| more).map(|hit| hit.key.clone());
        Page { hits, total, next }
    }

    /// The best `limit` ranked results, for type-ahead: the later kinds are only looked at when
    /// the earlier ones leave room.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let query = self.subject(normalize(query));
        let Ranked {
            found,
            matchers,
            words,
        } = self.ranked(&query, Some(limit));
        let (page, _) = self.window(found, None, limit);
        let highlight = self.highlighted(&page, &matchers, &words);
        page.iter()
            .map(|f| self.show(f, &query, &matchers, highlight.as_deref(), self.key_of(f)))
            .collect()
    }

    /// The words fuzzy hits of `page` highlight, by id, when the query's matchers found them
    /// (`WordCache::accepted`); none when the page has no fuzzy hit.
    fn highlighted(
        &self,
        page: &[Found],
        matchers: &[WordMatcher],
        words: &WordCache,
    ) -> Option<Vec<bool>> {
        let fuzzy = |f: &Found| matches!(f.kind, MatchKind::Fuzzy | MatchKind::Partial);
        (!matchers.is_empty() && page.iter().any(fuzzy)).then(|| words.accepted(self.words.len()))
    }

    /// What a normalized query asks about: the name in a question ("what is leukemia"), unless
    /// the whole query is itself a name or an alias.
    fn subject(&self, query: String) -> String {
        if self.exact_fields(&query).next().is_some() {
            return query;
        }
        match question::subject(&query, self.lang) {
            Some(subject) => subject.to_owned(),
            None => query,
        }
    }

    /// The ranking order as one number, smallest first: the match (kind, words missing,
    /// typos, name before alias), the popularity prior where the kind ranks by it, the name's
    /// length, then the entry's position, which is alphabetical by name and id. The same order
    /// as `key_of`'s keys, without building them: ranking thousands of matches (a one-letter
    /// query) compares integers, not names.
    fn rank_key(&self, f: &Found) -> u128 {
        let prior = match ranks_by_popularity(f.kind) {
            true => self.priors[f.entry as usize],
            // The name's length alone: the low bits (`derived::priors`).
            false => self.priors[f.entry as usize] & 0xffff,
        };
        (f.kind as u128) << 124
            | u128::from(f.missing) << 116
            | u128::from(f.typos) << 108
            | u128::from(f.on_alias) << 107
            | u128::from(prior) << 59
            | u128::from(f.entry)
    }

    /// The best `limit` of `found` after the cursor `after`, in order, and whether more follow.
    /// The rest is only counted: a bounded heap keeps the best, so no list of thousands of
    /// matches (a one-letter query) is sorted.
    fn window(&self, found: Vec<Found>, after: Option<&[u8]>, limit: usize) -> (Vec<Found>, bool) {
        let mut key = Vec::new();
        let mut best: BinaryHeap<(u128, u32)> = BinaryHeap::with_capacity(limit + 1);
        let mut count = 0;
        for (at, f) in found.iter().enumerate() {
            if let Some(after) = after {
                self.key_into(f, &mut key);
                if key.as_slice() <= after {
                    continue;
                }
            }
            count += 1;
            let candidate = (self.rank_key(f), at as u32);
            if best.len() < limit {
                best.push(candidate);
            } else if let Some(mut worst) = best.peek_mut() {
                if candidate < *worst {
                    *worst = candidate;
                }
            }
        }
        let page = best
            .into_sorted_vec()
            .iter()
            .map(|&(_, at)| found[at as usize])
            .collect();
        (page, count > limit)
    }

    fn alpha_key_of(&self, f: &Found) -> Vec<u8> {
        let entry = &self.entries[f.entry as usize];
        alpha_key(self.norm_of(entry), entry.source.id)
    }

    fn key_of(&self, f: &Found) -> Vec<u8> {
        let mut key = Vec::new();
        self.key_into(f, &mut key);
        key
    }

    /// `f`'s cursor key (`ranking::sort_key`) into `key`, which is cleared first.
    fn key_into(&self, f: &Found, key: &mut Vec<u8>) {
        let entry = &self.entries[f.entry as usize];
        sort_key_into(
            key,
            f.kind,
            rank_byte(f.missing, f.typos),
            f.on_alias,
            entry.refs,
            self.norm_of(entry),
            entry.source.id,
        );
    }

    /// The matches, one per term, in no order (`window` ranks them). With `enough`, stops
    /// after the first kinds that fill that many results, since later kinds rank below all of
    /// them.
    fn ranked(&self, query: &str, enough: Option<usize>) -> Ranked {
        let mut best = Collector::new(self.entries.len());
        let mut matchers = Vec::new();
        let mut words = WordCache::default();
        if !query.is_empty() {
            self.collect(query, enough, &mut best, &mut matchers, &mut words);
        }
        Ranked {
            found: best.finish(),
            matchers,
            words,
        }
    }

    fn found(&self, field: u32, kind: MatchKind, typos: u8, at: usize, len: usize) -> Found {
        let f = &self.fields[field as usize];
        Found {
            entry: f.entry,
            field,
            kind,
            typos,
            on_alias: f.is_alias(),
            missing: 0,
            at,
            len,
        }
    }

    /// A found match as shown: the text that matched and where, in the original spelling.
    fn show(
        &self,
        found: &Found,
        query: &str,
        matchers: &[WordMatcher],
        highlight: Option<&[bool]>,
        key: Vec<u8>,
    ) -> Hit<'_> {
        let field = &self.fields[found.field as usize];
        let term = &self.entries[field.entry as usize].source;
        let matched = match field.slot {
            0 => term.name.as_str(),
            n => term.aliases[usize::from(n) - 1].as_str(),
        };
        let mapped = Mapped::new(matched);
        let highlights = if matches!(found.kind, MatchKind::Fuzzy | MatchKind::Partial) {
            let rebuilt;
            let matchers = if matchers.is_empty() {
                let words: Vec<&str> = query.split(' ').collect();
                rebuilt = words
                    .iter()
                    .enumerate()
                    .flat_map(|(n, w)| word_matchers(w, n + 1 == words.len()))
                    .collect::<Vec<_>>();
                &rebuilt
            } else {
                matchers
            };
            // The field's words the matchers accepted, when they are known: its text is the
            // field's (both normalized from `matched`).
            let accepted: Option<Vec<&str>> = highlight.map(|set| {
                let ids = self.field_words.of(found.field).iter();
                ids.filter(|&&id| set[id as usize])
                    .map(|&id| &*self.words[id as usize])
                    .collect()
            });
            let mut ranges = Vec::new();
            let mut start = 0;
            for word in mapped.text.split(' ') {
                let hit = match &accepted {
                    Some(words) => words.contains(&word),
                    None => matchers.iter().any(|m| m.distance(word).is_some()),
                };
                if hit {
                    ranges.push(mapped.original_range(start, start + word.len()));
                }
                start += word.len() + 1;
            }
            ranges
        } else {
            let at = match found.at {
                usize::MAX => field.norm.find(query).unwrap_or(0),
                at => at,
            };
            vec![mapped.original_range(at, at + found.len)]
        };
        Hit {
            term,
            kind: found.kind,
            typos: found.typos,
            matched,
            on_alias: found.on_alias,
            highlights,
            key,
        }
    }
}

/// The run of `sorted` (sorted by `text`) whose text starts with `prefix`: two binary searches,
/// so that a long run (a one-letter query) is not compared item by item.
pub(super) fn sorted_run<'a, T>(
    sorted: &'a [T],
    text: impl Fn(&'a T) -> &'a str,
    prefix: &str,
) -> std::ops::Range<usize> {
    let first = partition(0, sorted.len(), |at| text(&sorted[at]) < prefix);
    let end = partition(first, sorted.len(), |at| {
        text(&sorted[at]).starts_with(prefix)
    });
    first..end
}

/// The first position in `from..to` where `before` turns false (it must be true, then false).
fn partition(mut from: usize, mut to: usize, before: impl Fn(usize) -> bool) -> usize {
    while from < to {
        let mid = from + (to - from) / 2;
        if before(mid) {
            from = mid + 1;
        } else {
            to = mid;
        }
    }
    from
}
