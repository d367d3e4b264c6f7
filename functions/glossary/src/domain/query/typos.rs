//! The typo stage: query words matched to the index's words within their typo allowance,
//! and the plural forms a query word is also tried as.

use super::candidates::WordCache;
use super::collector::{give_back, take_buffer, Collector};
use super::sorted_run;
use crate::domain::fuzzy::WordMatcher;
use crate::domain::index::LangIndex;
use crate::domain::ranking::typo_budget;

impl LangIndex {
    /// Fields of terms not found yet that hold every query word, each within its typo allowance
    /// (the last word may be the start of a word, as while typing), with their total typos; and
    /// the matchers used. The most selective word is looked up in the sorted list of words; the
    /// other words are checked against the words of the fields it found. With `page`, a query
    /// of one word may leave out fields of terms that rank below the best `page` (`fuzzy_page`).
    pub(super) fn fuzzy(
        &self,
        query: &str,
        page: Option<usize>,
        best: &Collector,
        cache: &mut WordCache,
    ) -> (Vec<(u32, u8)>, Vec<WordMatcher>) {
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
        let accepted: Vec<Accepted> = matchers
            .iter()
            .map(|matchers| self.accepted(matchers, cache))
            .collect();
        if let (Some(page), [Accepted::Listed(ids)]) = (page, &accepted[..]) {
            let fields = self.fuzzy_page(ids, page, best);
            return (fields, matchers.into_iter().flatten().collect());
        }
        // The rarest query word first: every later word only counts fields it already holds.
        let costs: Vec<usize> = accepted.iter().map(|a| self.postings_of(a)).collect();
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by_key(|&n| costs[n]);

        let mut rounds = take_buffer(|s| &mut s.rounds, self.fields.len(), 0u8);
        let mut typos = take_buffer(|s| &mut s.typos, self.fields.len(), 0u8);
        // Every field the first word reached (to clear afterwards), and those still in the
        // running: at most its postings, so reserved once rather than grown.
        let reserve = costs[order[0]].min(MAX_RESERVED);
        let mut candidates = Vec::with_capacity(reserve);
        let mut alive = Vec::with_capacity(reserve);
        for (round, &n) in order.iter().enumerate() {
            let round = u8::try_from(round).unwrap_or(u8::MAX);
            // Later words either walk their postings or, when fewer fields are still in the
            // running than the postings hold, are compared with those fields' words directly.
            if round > 0 {
                alive.retain(|&field| rounds[field as usize] == round);
                if alive.len() * 4 < costs[n] {
                    self.count_in_fields(&accepted[n], &alive, round, &mut rounds, &mut typos);
                    continue;
                }
            }
            let mut reach = |field: u32, word_typos: u8| {
                let f = field as usize;
                // The first (fewest typos) of a query word's words to reach a field counts.
                if rounds[f] != round {
                    return;
                }
                if round == 0 {
                    if best.has(self.fields[f].entry) {
                        return;
                    }
                    candidates.push(field);
                    alive.push(field);
                }
                rounds[f] = round + 1;
                typos[f] = typos[f].saturating_add(word_typos);
            };
            match &accepted[n] {
                Accepted::Listed(ids) => {
                    for &(id, word_typos) in ids {
                        for &field in self.word_fields.get_dense(id) {
                            reach(field, word_typos);
                        }
                    }
                }
                Accepted::Run(run) => {
                    for &field in self.word_fields.get_dense_run(run.clone()) {
                        reach(field, 0);
                    }
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
}

/// Fields reserved for at most (a few pages of memory, below the allocator's mapping threshold).
const MAX_RESERVED: usize = 4096;

/// The words a query word accepts: listed with their typos, or, for the start of a word typed
/// without typos allowed (up to four letters), the run of sorted words it starts, which may
/// hold thousands of words (`s`, `ca`).
enum Accepted {
    Listed(Vec<(u32, u8)>),
    Run(std::ops::Range<u32>),
}

impl LangIndex {
    fn accepted(&self, matchers: &[WordMatcher], cache: &mut WordCache) -> Accepted {
        if let [matcher] = matchers {
            if matcher.typos() == 0 && matcher.is_prefix() {
                let run = sorted_run(&self.words, |w| &**w, matcher.word());
                let run = run.start as u32..run.end as u32;
                cache.add_run(run.clone());
                return Accepted::Run(run);
            }
        }
        let mut ids: Vec<(u32, u8)> = matchers
            .iter()
            .flat_map(|matcher| self.accepted_words(matcher, matcher.word(), cache))
            .collect();
        ids.sort_unstable_by_key(|&(id, typos)| (typos, id));
        Accepted::Listed(ids)
    }

    /// How many (word, field) postings the accepted words hold.
    fn postings_of(&self, accepted: &Accepted) -> usize {
        match accepted {
            Accepted::Listed(ids) => ids
                .iter()
                .map(|&(id, _)| self.word_fields.get_dense(id).len())
                .sum(),
            Accepted::Run(run) => self.word_fields.get_dense_run(run.clone()).len(),
        }
    }

    /// A later round by the fields still in the running: each field holding one of the
    /// accepted words (its fewest typos) moves on. Integers compared, not the fields' text.
    fn count_in_fields(
        &self,
        accepted: &Accepted,
        alive: &[u32],
        round: u8,
        rounds: &mut [u8],
        typos: &mut [u8],
    ) {
        let mut reached = |field: u32, word_typos: u8| {
            rounds[field as usize] = round + 1;
            typos[field as usize] = typos[field as usize].saturating_add(word_typos);
        };
        match accepted {
            Accepted::Run(run) => {
                for &field in alive {
                    if self.has_word_in(field, run) {
                        reached(field, 0);
                    }
                }
            }
            Accepted::Listed(ids) => {
                // The accepted words marked (typos + 1, the fewest), then each field's word
                // ids looked up.
                let mut marks = take_buffer(|s| &mut s.shared, self.words.len(), 0u8);
                for &(id, word_typos) in ids.iter().rev() {
                    marks[id as usize] = word_typos + 1;
                }
                for &field in alive {
                    let closest = self
                        .field_words
                        .of(field)
                        .iter()
                        .filter_map(|&id| marks[id as usize].checked_sub(1))
                        .min();
                    if let Some(word_typos) = closest {
                        reached(field, word_typos);
                    }
                }
                for &(id, _) in ids {
                    marks[id as usize] = 0;
                }
                give_back(|s| &mut s.shared, marks);
            }
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
pub(super) fn word_variants(word: &str) -> Vec<&str> {
    let mut variants = vec![word];
    if word.chars().count() >= 5 && is_plural(word) {
        variants.push(&word[..word.len() - 1]);
    }
    variants
}

/// Matchers for a query word and, for a plural (`trials`, `efectos`), its singular too: a
/// plural typed for a singular name should not spend the typo allowance. The word being typed
/// (`last`) is matched as the start of a word, and a start within some typos of the plural has
/// one within as many of the singular, its own start: with the same allowance, the singular's
/// matcher accepts every word the plural's does, with no more typos, so it is the only one.
pub(super) fn word_matchers(word: &str, last: bool) -> Vec<WordMatcher> {
    let allowance = |variant: &str| typo_budget(variant.chars().count());
    let mut variants = word_variants(word);
    if let [plural, singular] = variants[..] {
        if last && allowance(singular) == allowance(plural) {
            variants.remove(0);
        }
    }
    variants
        .into_iter()
        .map(|variant| WordMatcher::new(variant, allowance(variant), last))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `word_matchers` compares and their allowances.
    fn compared(word: &str, last: bool) -> Vec<(String, u8)> {
        let matchers = word_matchers(word, last);
        matchers
            .iter()
            .map(|m| (m.word().to_owned(), m.typos()))
            .collect()
    }

    #[test]
    fn plurals_are_also_compared_as_singulars() {
        let cases = [
            // A finished word: both, each with its own allowance.
            ("efectos", false, vec![("efectos", 1), ("efecto", 1)]),
            ("paracentesis", false, vec![("paracentesis", 2)]),
            // The word being typed: the singular alone when its allowance is the plural's...
            ("paracentes", true, vec![("paracente", 2)]),
            ("efectos", true, vec![("efecto", 1)]),
            // ...and both when the singular's is smaller (nine letters, then eight).
            ("tratamies", true, vec![("tratamies", 2), ("tratamie", 1)]),
            ("cells", true, vec![("cells", 1), ("cell", 0)]),
            ("tumor", true, vec![("tumor", 1)]),
        ];
        for (word, last, expected) in cases {
            let expected: Vec<(String, u8)> = expected
                .into_iter()
                .map(|(w, t)| (w.to_owned(), t))
                .collect();
            assert_eq!(compared(word, last), expected, "{word:?} last {last}");
        }
    }
}
