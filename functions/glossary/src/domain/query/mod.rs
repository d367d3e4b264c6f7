//! Answering queries from a `LangIndex`: ranked search and suggestions, NCI's match types,
//! and the A–Z browse. Everything here is synchronous and allocation-light: it runs per request.
//!
//! One file per stage: `exact` (names, prefixes, substrings), `typos` (fuzzy words, plurals),
//! `relaxed` (most of the words), `browse` (alphabetical answers); `question` finds the subject
//! of a question, `candidates` and `split` the words a typo or two away, `collector` keeps the
//! best match of each term meanwhile, and `window` makes the page.

mod browse;
mod candidates;
mod collector;
mod exact;
mod fuzzy_page;
mod letter_counts;
mod question;
mod relaxed;
mod split;
mod typos;
mod window;

use super::fold::{normalize, Mapped};
use super::fuzzy::WordMatcher;
use super::index::{IndexSource, LangIndex};
use super::ranking::MatchKind;
use candidates::{AcceptedWords, WordCache};
use collector::Collector;
pub use question::subject as question_subject;
pub use relaxed::{stop_words, RELAX_BELOW, SUGGEST_RELAX_BELOW};
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
    /// Matched only by the query with its plural words made singular (strict kinds only).
    singular: bool,
    /// Byte range of the match in the field's normalized text (not for fuzzy matches).
    at: usize,
    len: usize,
}

impl Found {
    fn rank(&self) -> (MatchKind, u8, u8, bool, bool) {
        (
            self.kind,
            self.missing,
            self.typos,
            self.singular,
            self.on_alias,
        )
    }
}

/// How much of the matches a query collects.
#[derive(Debug, Clone, Copy)]
struct Wanted {
    /// Stop after the first kinds that fill this many results: later kinds rank below them.
    enough: Option<usize>,
    /// Below this many terms from the strict stages, the relaxed stage runs.
    relax_below: usize,
    /// Whether a one-word typo stage may stop at a page of `enough` (`fuzzy_page`).
    typo_page: bool,
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
                // One letter is in most names. Its substring matches rank below its name and
                // word prefixes, so when those fill the first page the substrings are only
                // counted: every entry holding the letter is a result.
                let counted = match (after, query.as_bytes()) {
                    (None, &[byte]) => Some(self.entries_with(byte)),
                    _ => None,
                };
                let Ranked {
                    found,
                    matchers,
                    words,
                } = self.ranked(
                    &query,
                    Wanted {
                        enough: counted.map(|_| limit),
                        relax_below: RELAX_BELOW,
                        typo_page: false,
                    },
                );
                let total = counted.unwrap_or(found.len());
                debug_assert!(found.len() <= total, "{query:?}");
                let (page, more) = self.window(found, after, limit);
                let more = more || (counted.is_some() && total > page.len());
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
                self.show(f, &query, &matchers, highlight.as_ref(), key)
            })
            .collect();
        let next = hits.last().filter(|_| more).map(|hit| hit.key.clone());
        Page { hits, total, next }
    }

    /// The best `limit` ranked results, for type-ahead: the later kinds are only looked at when
    /// the earlier ones leave room.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        self.suggestions(query, limit, true)
    }

    /// `suggest` with its typo stage walking every match, as `search` does: the reference that
    /// `tests/suggest_typo_page.rs` holds `suggest` to. Not for requests: it is slower.
    #[doc(hidden)]
    pub fn suggest_walking_every_typo(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        self.suggestions(query, limit, false)
    }

    fn suggestions(&self, query: &str, limit: usize, typo_page: bool) -> Vec<Hit<'_>> {
        let query = self.subject(normalize(query));
        let Ranked {
            found,
            matchers,
            words,
        } = self.ranked(
            &query,
            Wanted {
                enough: Some(limit),
                relax_below: SUGGEST_RELAX_BELOW,
                typo_page,
            },
        );
        let (page, _) = self.window(found, None, limit);
        let highlight = self.highlighted(&page, &matchers, &words);
        page.iter()
            .map(|f| self.show(f, &query, &matchers, highlight.as_ref(), self.key_of(f)))
            .collect()
    }

    /// The words fuzzy hits of `page` highlight, by id, when the query's matchers found them
    /// (`WordCache::accepted`); none when the page has no fuzzy hit.
    fn highlighted(
        &self,
        page: &[Found],
        matchers: &[WordMatcher],
        words: &WordCache,
    ) -> Option<AcceptedWords> {
        let fuzzy = |f: &Found| matches!(f.kind, MatchKind::Fuzzy | MatchKind::Partial);
        (!matchers.is_empty() && page.iter().any(fuzzy)).then(|| words.accepted())
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

    /// The matches, one per term, in no order (`window` ranks them), as much as `wanted` asks.
    fn ranked(&self, query: &str, wanted: Wanted) -> Ranked {
        let mut best = Collector::new(self.entries.len());
        let mut matchers = Vec::new();
        let mut words = WordCache::default();
        if !query.is_empty() {
            self.collect(query, wanted, &mut best, &mut matchers, &mut words);
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
            singular: false,
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
        highlight: Option<&AcceptedWords>,
        key: Vec<u8>,
    ) -> Hit<'_> {
        let field = &self.fields[found.field as usize];
        let term = &self.entries[field.entry as usize].source;
        let matched = match field.slot {
            0 => term.name.as_str(),
            n => term.aliases[usize::from(n) - 1].as_str(),
        };
        let mapped = Mapped::with_normalized(matched, &field.norm);
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
                ids.filter(|&&id| set.contains(id))
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
    sorted_run_within(sorted, text, prefix, 0..sorted.len())
}

/// `sorted_run`, searched for only `within` the run of a start of `prefix`, which holds it.
pub(super) fn sorted_run_within<'a, T>(
    sorted: &'a [T],
    text: impl Fn(&'a T) -> &'a str,
    prefix: &str,
    within: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let first = partition(within.start, within.end, |at| text(&sorted[at]) < prefix);
    let end = partition(first, within.end, |at| {
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
