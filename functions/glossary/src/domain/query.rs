//! Answering queries from a `LangIndex`: ranked search and suggestions, NCI's match types,
//! and the A–Z browse. Everything here is synchronous and allocation-light: it runs per request.

use super::fold::{normalize, Mapped};
use super::fuzzy::{bigram_threshold, bigrams, WordMatcher};
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

/// A match found, before it is shown. Everything that ranks a result besides `kind`, `typos`
/// and `on_alias` belongs to its term, so the best match of a term is the least of these three.
#[derive(Debug, Clone, Copy)]
struct Found {
    entry: u32,
    field: u32,
    kind: MatchKind,
    typos: u8,
    on_alias: bool,
    /// Byte range of the match in the field's normalized text (not for fuzzy matches).
    at: usize,
    len: usize,
}

impl Found {
    fn rank(&self) -> (MatchKind, u8, bool) {
        (self.kind, self.typos, self.on_alias)
    }
}

/// Per-thread buffers sized by the index, reused by every query so that a query does not
/// allocate and clear tens of kilobytes; each user resets what it touched.
#[derive(Default)]
struct Scratch {
    slot: Vec<u32>,
    rounds: Vec<u8>,
    typos: Vec<u8>,
    shared: Vec<u8>,
    last: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A zeroed (or `fill`ed) buffer of at least `len` from the thread's scratch.
fn take_buffer<T: Copy>(pick: fn(&mut Scratch) -> &mut Vec<T>, len: usize, fill: T) -> Vec<T> {
    let mut buffer = SCRATCH.with(|s| std::mem::take(pick(&mut s.borrow_mut())));
    if buffer.len() < len {
        buffer.resize(len, fill);
    }
    buffer
}

fn give_back<T>(pick: fn(&mut Scratch) -> &mut Vec<T>, buffer: Vec<T>) {
    SCRATCH.with(|s| *pick(&mut s.borrow_mut()) = buffer);
}

/// The best match of each term so far.
struct Collector {
    found: Vec<Found>,
    /// Entry → position in `found`, `u32::MAX` for none.
    slot: Vec<u32>,
}

impl Collector {
    fn new(entries: usize) -> Self {
        Self {
            found: Vec::new(),
            slot: take_buffer(|s| &mut s.slot, entries, u32::MAX),
        }
    }

    /// The matches, with the scratch buffer cleared and returned.
    fn finish(mut self) -> Vec<Found> {
        for found in &self.found {
            self.slot[found.entry as usize] = u32::MAX;
        }
        give_back(|s| &mut s.slot, self.slot);
        self.found
    }

    fn has(&self, entry: u32) -> bool {
        self.slot[entry as usize] != u32::MAX
    }

    fn offer(&mut self, candidate: Found) {
        match self.slot[candidate.entry as usize] {
            u32::MAX => {
                self.slot[candidate.entry as usize] = self.found.len() as u32;
                self.found.push(candidate);
            }
            at => {
                let old = &mut self.found[at as usize];
                if candidate.rank() < old.rank() {
                    *old = candidate;
                }
            }
        }
    }
}

/// Ranked matches and the automata that found the fuzzy ones (reused for their highlights).
struct Ranked {
    found: Vec<Found>,
    matchers: Vec<WordMatcher>,
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
        let (found, matchers) = match mode {
            MatchMode::Smart => {
                let Ranked { found, matchers } = self.ranked(&query, None);
                (found, matchers)
            }
            MatchMode::Begins => (
                self.by_name(&query, |name, q| name.starts_with(q)),
                Vec::new(),
            ),
            MatchMode::Contains => (self.by_name(&query, |name, q| name.contains(q)), Vec::new()),
            MatchMode::Exact => (self.by_name(&query, |name, q| name == q), Vec::new()),
        };
        let key = |f: &Found| match mode {
            MatchMode::Smart => self.key_of(f),
            _ => {
                let entry = &self.entries[f.entry as usize];
                alpha_key(&entry.norm, entry.source.id)
            }
        };
        let total = found.len();
        let start = after.map_or(0, |after| {
            found.partition_point(|f| key(f).as_slice() <= after)
        });
        let hits: Vec<Hit> = found[start..]
            .iter()
            .take(limit)
            .map(|f| self.show(f, &query, &matchers, key(f)))
            .collect();
        let more = start + hits.len() < total;
        let next = hits.last().filter(|_| more).map(|hit| hit.key.clone());
        Page { hits, total, next }
    }

    /// The best `limit` ranked results, for type-ahead: the later kinds are only looked at when
    /// the earlier ones leave room.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let query = normalize(query);
        let Ranked { found, matchers } = self.ranked(&query, Some(limit));
        found
            .iter()
            .take(limit)
            .map(|f| self.show(f, &query, &matchers, self.key_of(f)))
            .collect()
    }

    /// The ranking order of two matches (the order of their sort keys, without building them).
    fn order(&self, a: &Found, b: &Found) -> std::cmp::Ordering {
        let (x, y) = (
            &self.entries[a.entry as usize],
            &self.entries[b.entry as usize],
        );
        a.rank()
            .cmp(&b.rank())
            .then(x.chars.cmp(&y.chars))
            .then_with(|| x.norm.cmp(&y.norm))
            .then(x.source.id.cmp(&y.source.id))
    }

    fn key_of(&self, f: &Found) -> Vec<u8> {
        let entry = &self.entries[f.entry as usize];
        sort_key(f.kind, f.typos, f.on_alias, &entry.norm, entry.source.id)
    }

    /// Ranked matches, best first, one per term. With `enough`, stops after the first kinds
    /// that fill that many results, since later kinds rank below all of them, and sorts only
    /// the best `enough`.
    fn ranked(&self, query: &str, enough: Option<usize>) -> Ranked {
        let mut best = Collector::new(self.entries.len());
        let mut matchers = Vec::new();
        if !query.is_empty() {
            self.collect(query, enough, &mut best, &mut matchers);
        }
        let mut found = best.finish();
        match enough {
            Some(n) if found.len() > n => {
                found.select_nth_unstable_by(n, |a, b| self.order(a, b));
                found.truncate(n);
            }
            _ => {}
        }
        found.sort_unstable_by(|a, b| self.order(a, b));
        Ranked { found, matchers }
    }

    fn collect(
        &self,
        query: &str,
        enough: Option<usize>,
        best: &mut Collector,
        matchers: &mut Vec<WordMatcher>,
    ) {
        let filled = |best: &Collector| enough.is_some_and(|n| best.found.len() >= n);
        // A plural typed for a singular name (`clinical trials`, `efectos secundarios`) matches
        // it as well as the singular would.
        let singular = singular(query);
        let variants: Vec<&str> = std::iter::once(query).chain(singular.as_deref()).collect();

        // Exact names and aliases, also with their words run together (`5fu` = `5-FU`).
        for &variant in &variants {
            let compact = (!variant.contains(' '))
                .then(|| self.compact.get(variant))
                .flatten();
            let exact = self.exact.get(variant).into_iter().chain(compact);
            for &field in exact.flatten() {
                let f = &self.fields[field as usize];
                let kind = if f.is_alias() {
                    MatchKind::ExactAlias
                } else {
                    MatchKind::ExactName
                };
                best.offer(self.found(field, kind, 0, 0, f.norm.len()));
            }
        }
        if filled(best) {
            return;
        }
        // Names starting with the query: a contiguous run of the alphabetical entries.
        for &variant in &variants {
            let first = self.entries.partition_point(|e| &*e.norm < variant);
            for entry in &self.entries[first..] {
                if !entry.norm.starts_with(variant) {
                    break;
                }
                let kind = if entry.norm.len() == variant.len() {
                    MatchKind::ExactName
                } else {
                    MatchKind::NamePrefix
                };
                best.offer(self.found(entry.fields.start, kind, 0, 0, variant.len()));
            }
        }
        if filled(best) {
            return;
        }
        // Later words of names, and aliases, starting with the query: a run of `boundaries`.
        for &variant in &variants {
            let text_from = |&(field, offset): &(u32, u16)| {
                &self.fields[field as usize].norm[offset as usize..]
            };
            let first = self.boundaries.partition_point(|b| text_from(b) < variant);
            for boundary in &self.boundaries[first..] {
                if !text_from(boundary).starts_with(variant) {
                    break;
                }
                let (field, offset) = (boundary.0, usize::from(boundary.1));
                let f = &self.fields[field as usize];
                let kind = match (f.is_alias(), offset) {
                    (false, 0) => continue,
                    (true, 0) if f.norm.len() == variant.len() => MatchKind::ExactAlias,
                    _ => MatchKind::WordPrefix,
                };
                best.offer(self.found(field, kind, 0, offset, variant.len()));
            }
        }
        if filled(best) {
            return;
        }

        // Inside words. Every field holding the query holds all its trigrams: the rarest one
        // gives the fewest fields to check. Matches at word starts were found above.
        if query.len() >= 3 {
            // The query's rarest trigrams, intersected (the lists are sorted by field), leave
            // few fields to check.
            let mut lists: Vec<&[u32]> = query
                .as_bytes()
                .windows(3)
                .map(|w| self.trigrams.get([w[0], w[1], w[2]]))
                .collect();
            lists.sort_unstable_by_key(|list| list.len());
            let mut candidates: Vec<u32> = lists.first().map_or_else(Vec::new, |l| l.to_vec());
            for list in lists.iter().skip(1).take(3) {
                if candidates.len() <= 16 {
                    break;
                }
                candidates.retain(|field| list.binary_search(field).is_ok());
            }
            for field in candidates {
                let f = &self.fields[field as usize];
                if !best.has(f.entry) {
                    if let Some(at) = f.norm.find(query) {
                        best.offer(self.found(field, MatchKind::Substring, 0, at, query.len()));
                    }
                }
            }
        } else if query.len() == 2 {
            // Two bytes: the fields under every trigram that holds them, no check needed (the
            // offset is found when a result is shown). A field of two bytes is an exact match.
            let pair = query.as_bytes();
            for (trigram, fields) in self.trigrams.iter() {
                if trigram[..2] == *pair || trigram[1..] == *pair {
                    for &field in fields {
                        if !best.has(self.fields[field as usize].entry) {
                            best.offer(self.found(field, MatchKind::Substring, 0, usize::MAX, 2));
                        }
                    }
                }
            }
        } else {
            for (field, f) in self.fields.iter().enumerate() {
                if !best.has(f.entry) {
                    if let Some(at) = f.norm.find(query) {
                        best.offer(self.found(
                            field as u32,
                            MatchKind::Substring,
                            0,
                            at,
                            query.len(),
                        ));
                    }
                }
            }
        }
        if filled(best) {
            return;
        }

        let (fuzzy, used) = self.fuzzy(query, best);
        *matchers = used;
        for (field, typos) in fuzzy {
            best.offer(self.found(field, MatchKind::Fuzzy, typos, 0, 0));
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
            at,
            len,
        }
    }

    /// Fields of terms not found yet that hold every query word, each within its typo allowance
    /// (the last word may be the start of a word, as while typing), with their total typos; and
    /// the matchers used. The most selective word is looked up in the `fst` of words; the other
    /// words are checked against the words of the fields it found.
    fn fuzzy(&self, query: &str, best: &Collector) -> (Vec<(u32, u8)>, Vec<WordMatcher>) {
        let words: Vec<&str> = query.split(' ').collect();
        if words.len() == 1 && typo_budget(words[0].chars().count()) == 0 {
            // One short word: its exact and prefix matches were all found above.
            return (Vec::new(), Vec::new());
        }
        let last = words.len() - 1;
        let matchers: Vec<Vec<WordMatcher>> = words
            .iter()
            .enumerate()
            .map(|(n, word)| word_matchers(word, n == last))
            .collect();
        // The words each query word accepts, fewest typos first (plural and singular merged).
        let accepted: Vec<Vec<(u32, u8)>> = words
            .iter()
            .zip(&matchers)
            .map(|(word, matchers)| {
                let mut ids: Vec<(u32, u8)> = matchers
                    .iter()
                    .zip(word_variants(word))
                    .flat_map(|(matcher, variant)| self.matching_words(matcher, variant))
                    .collect();
                ids.sort_unstable_by_key(|&(id, typos)| (typos, id));
                ids
            })
            .collect();
        let postings = |ids: &[(u32, u8)]| -> usize {
            ids.iter()
                .map(|&(id, _)| self.word_fields.get_dense(id).len())
                .sum()
        };
        // The rarest query word first: every later word only counts fields it already holds.
        let costs: Vec<usize> = accepted.iter().map(|ids| postings(ids)).collect();
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by_key(|&n| costs[n]);

        let mut rounds = take_buffer(|s| &mut s.rounds, self.fields.len(), 0u8);
        let mut typos = take_buffer(|s| &mut s.typos, self.fields.len(), 0u8);
        // Every field the first word reached (to clear afterwards), and those still in the running.
        let mut candidates = Vec::new();
        let mut alive = Vec::new();
        for (round, &n) in order.iter().enumerate() {
            let round = u8::try_from(round).unwrap_or(u8::MAX);
            // Later words either walk their postings or, when fewer fields are still in the
            // running than the postings hold, are compared with those fields' words directly.
            if round > 0 {
                alive.retain(|&field| rounds[field as usize] == round);
                if alive.len() * 4 < costs[n] {
                    for &field in &alive {
                        let f = field as usize;
                        let closest = self.fields[f]
                            .norm
                            .split(' ')
                            .flat_map(|word| {
                                matchers[n].iter().filter_map(move |m| m.distance(word))
                            })
                            .min();
                        if let Some(word_typos) = closest {
                            rounds[f] = round + 1;
                            typos[f] = typos[f].saturating_add(word_typos);
                        }
                    }
                    continue;
                }
            }
            for &(id, word_typos) in &accepted[n] {
                for &field in self.word_fields.get_dense(id) {
                    let f = field as usize;
                    // The first (fewest typos) of a query word's words to reach a field counts.
                    if rounds[f] != round {
                        continue;
                    }
                    if round == 0 {
                        if best.has(self.fields[f].entry) {
                            continue;
                        }
                        candidates.push(field);
                        alive.push(field);
                    }
                    rounds[f] = round + 1;
                    typos[f] = typos[f].saturating_add(word_typos);
                }
            }
        }
        let fuzzy = candidates
            .iter()
            .filter(|&&field| usize::from(rounds[field as usize]) == words.len())
            .map(|&field| (field, typos[field as usize]))
            .collect();
        // Only candidates were touched: every later round counts fields of the first.
        for &field in &candidates {
            rounds[field as usize] = 0;
            typos[field as usize] = 0;
        }
        give_back(|s| &mut s.rounds, rounds);
        give_back(|s| &mut s.typos, typos);
        (fuzzy, matchers.into_iter().flatten().collect())
    }

    /// The ids of the distinct words `matcher` accepts, with their typos.
    fn matching_words(&self, matcher: &WordMatcher, word: &str) -> Vec<(u32, u8)> {
        if matcher.typos() == 0 {
            // No typos: a binary search for the word, or for the run of words it starts.
            let first = self.words.partition_point(|w| &**w < word);
            let run = self.words[first..]
                .iter()
                .take_while(|w| {
                    if matcher.is_prefix() {
                        w.starts_with(word)
                    } else {
                        &***w == word
                    }
                })
                .count();
            return (first..first + run).map(|id| (id as u32, 0)).collect();
        }
        // A word within k typos has all but 3k of the query's bigrams, each at most k positions
        // from where the query has it: count them per word from the bigram postings, then
        // compare only the words with enough.
        let query = bigrams(word, matcher.is_prefix());
        let needed = bigram_threshold(query.len(), matcher.typos()).max(1);
        let mut shared = take_buffer(|s| &mut s.shared, self.words.len(), 0u8);
        let mut last = take_buffer(|s| &mut s.last, self.words.len(), 0u8);
        let mut touched = Vec::new();
        for (n, &(key, at)) in query.iter().enumerate() {
            let occurrence = u8::try_from(n + 1).unwrap_or(u8::MAX);
            for &packed in self.word_bigrams.get(key) {
                let (id, position) = (packed >> 8, (packed & 0xff) as u8);
                let word = id as usize;
                // Each query bigram counts once per word, wherever the word repeats it.
                if position.abs_diff(at) > matcher.typos() || last[word] == occurrence {
                    continue;
                }
                last[word] = occurrence;
                if shared[word] == 0 {
                    touched.push(id);
                }
                shared[word] = shared[word].saturating_add(1);
            }
        }
        let chars = word.chars().count();
        let typos = usize::from(matcher.typos());
        let accepted = touched
            .iter()
            .filter(|&&id| usize::from(shared[id as usize]) >= needed)
            .filter(|&&id| {
                let len = usize::from(self.word_chars[id as usize]);
                len + typos >= chars && (matcher.is_prefix() || len <= chars + typos)
            })
            .filter_map(|&id| matcher.distance(&self.words[id as usize]).map(|d| (id, d)))
            .collect();
        for &id in &touched {
            shared[id as usize] = 0;
            last[id as usize] = 0;
        }
        give_back(|s| &mut s.shared, shared);
        give_back(|s| &mut s.last, last);
        accepted
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
    fn show(&self, found: &Found, query: &str, matchers: &[WordMatcher], key: Vec<u8>) -> Hit<'_> {
        let field = &self.fields[found.field as usize];
        let term = &self.entries[field.entry as usize].source;
        let matched = match field.slot {
            0 => term.name.as_str(),
            n => term.aliases[usize::from(n) - 1].as_str(),
        };
        let mapped = Mapped::new(matched);
        let highlights = if found.kind == MatchKind::Fuzzy {
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

/// Whether a word reads as a plural: a final `s`, but not the one of `metastasis`, `virus`, `class`.
pub fn is_plural(word: &str) -> bool {
    word.ends_with('s') && !["ss", "is", "us"].iter().any(|end| word.ends_with(end))
}

/// The query with each plural word of five letters or more made singular, if any is plural.
pub fn singular(query: &str) -> Option<String> {
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

/// A query word and, for a plural, its singular (the words `word_matchers` compares with).
fn word_variants(word: &str) -> Vec<&str> {
    let mut variants = vec![word];
    if word.chars().count() >= 5 && is_plural(word) {
        variants.push(&word[..word.len() - 1]);
    }
    variants
}

/// Matchers for a query word and, for a plural (`trials`, `efectos`), its singular too: a
/// plural typed for a singular name should not spend the typo allowance.
fn word_matchers(word: &str, last: bool) -> Vec<WordMatcher> {
    word_variants(word)
        .into_iter()
        .map(|variant| WordMatcher::new(variant, typo_budget(variant.chars().count()), last))
        .collect()
}
