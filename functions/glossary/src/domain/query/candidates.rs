//! The index's words a query word accepts (`WordMatcher`), found without comparing it with
//! every word: exact words and prefixes by binary search; one or two typos by splitting the
//! query word into pieces, one of which is then intact (`split.rs`); otherwise by counting
//! shared bigrams. Only the candidates are compared by edit distance.

use super::collector::{give_back, take_buffer};
use super::letter_counts::LetterCounts;
use super::sorted_run;
use crate::domain::bigram::{bigram_threshold, bigrams};
use crate::domain::derived::letters;
use crate::domain::fuzzy::WordMatcher;
use crate::domain::index::LangIndex;

/// The words the matchers of one query accepted: the typo stage and the relaxed stage often
/// ask the same (a word whose lenient allowance is its own), and the second asks this.
#[derive(Default)]
pub(super) struct WordCache {
    entries: Vec<Cached>,
    /// Runs of words a fragment too short for typos starts (the relaxed stage's).
    runs: Vec<std::ops::Range<u32>>,
}

impl WordCache {
    pub(super) fn add_run(&mut self, run: std::ops::Range<u32>) {
        self.runs.push(run);
    }

    /// The word ids one of the query's matchers accepted: the words a fuzzy hit highlights,
    /// without comparing its words with every matcher again.
    pub(super) fn accepted(&self) -> AcceptedWords {
        let mut ids: Vec<u32> = self
            .entries
            .iter()
            .flat_map(|cached| cached.ids.iter().map(|&(id, _)| id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        AcceptedWords {
            ids,
            runs: self.runs.clone(),
        }
    }
}

/// Word ids: a few hundred listed, and runs of the sorted words (a fragment's thousands).
pub(super) struct AcceptedWords {
    ids: Vec<u32>,
    runs: Vec<std::ops::Range<u32>>,
}

impl AcceptedWords {
    pub(super) fn contains(&self, id: u32) -> bool {
        self.runs.iter().any(|run| run.contains(&id)) || self.ids.binary_search(&id).is_ok()
    }
}

/// A query word, what its matcher accepts by (`WordMatcher::behaviour`), and the words.
struct Cached {
    word: String,
    behaviour: (u8, bool, bool),
    ids: Vec<(u32, u8)>,
}

impl LangIndex {
    /// `matching_words`, remembered in `cache` for the rest of the query.
    pub(super) fn accepted_words(
        &self,
        matcher: &WordMatcher,
        word: &str,
        cache: &mut WordCache,
    ) -> Vec<(u32, u8)> {
        let behaviour = matcher.behaviour();
        let same = |c: &&Cached| c.word == word && c.behaviour == behaviour;
        if let Some(cached) = cache.entries.iter().find(same) {
            return cached.ids.clone();
        }
        let ids = self.matching_words(matcher, word);
        cache.entries.push(Cached {
            word: word.to_owned(),
            behaviour,
            ids: ids.clone(),
        });
        ids
    }

    /// The ids of the distinct words `matcher` accepts, with their typos.
    pub(super) fn matching_words(&self, matcher: &WordMatcher, word: &str) -> Vec<(u32, u8)> {
        if matcher.typos() == 0 {
            // No typos: a binary search for the word, or for the run of words it starts.
            let run = match matcher.is_prefix() {
                true => sorted_run(&self.words, |w| &**w, word),
                false => match self.words.binary_search_by(|w| (**w).cmp(word)) {
                    Ok(at) => at..at + 1,
                    Err(_) => 0..0,
                },
            };
            return run.map(|id| (id as u32, 0)).collect();
        }
        let mut shared = take_buffer(|s| &mut s.shared, self.words.len(), 0u8);
        let mut last = take_buffer(|s| &mut s.last, self.words.len(), 0u8);
        let mut touched = Vec::with_capacity(256);
        let split = self.split_candidates(
            word,
            matcher.is_prefix(),
            matcher.typos(),
            &mut shared,
            &mut touched,
        );
        let needed = match split {
            true => 1,
            false => self.bigram_candidates(matcher, word, &mut shared, &mut last, &mut touched),
        };
        let chars = word.chars().count();
        let typos = usize::from(matcher.typos());
        // Each of the query's letters a word lacks takes a typo of its own (a substitution or
        // a deletion; a transposition keeps the letters): a cheap test before the distance,
        // with the index's letters of each word. Then the same counted with repeats
        // (`LetterCounts`), which reads the word. A start matching a prefix is at most
        // `chars + typos` long: only those characters of a longer word can hold the query's
        // letters, so only the second test applies to it.
        let own = letters(word);
        let counts = LetterCounts::new(word);
        let reach = chars + typos;
        let accepted = touched
            .iter()
            .filter(|&&id| usize::from(shared[id as usize]) >= needed)
            .filter(|&&id| {
                let len = usize::from(self.word_chars[id as usize]);
                len + typos >= chars && (matcher.is_prefix() || len <= chars + typos)
            })
            .filter(|&&id| {
                let start =
                    matcher.is_prefix() && usize::from(self.word_chars[id as usize]) > reach;
                start || (own & !self.word_letters[id as usize]).count_ones() as usize <= typos
            })
            .filter_map(|&id| {
                let (word, chars) = (&self.words[id as usize], self.word_chars[id as usize]);
                let chars = usize::from(chars);
                if counts.lower_bound(word, chars, matcher.is_prefix(), reach) > typos {
                    return None;
                }
                let distance = matcher.distance_counted(word, chars);
                distance.map(|d| (id, d))
            })
            .collect();
        for &id in &touched {
            shared[id as usize] = 0;
            last[id as usize] = 0;
        }
        give_back(|s| &mut s.shared, shared);
        give_back(|s| &mut s.last, last);
        accepted
    }

    /// Candidates for `matcher` by bigram counts (`bigram::bigram_threshold`), counted in
    /// `shared` and listed in `touched`; returns how many shared bigrams a candidate needs.
    fn bigram_candidates(
        &self,
        matcher: &WordMatcher,
        word: &str,
        shared: &mut [u8],
        last: &mut [u8],
        touched: &mut Vec<u32>,
    ) -> usize {
        // A word within k typos has all but 3k of the query's bigrams, each at most k positions
        // from where the query has it: count them per word from the bigram postings.
        let query = bigrams(word, matcher.is_prefix());
        let reach = matcher.typos();
        for (n, &(key, at)) in query.iter().enumerate() {
            let occurrence = u8::try_from(n + 1).unwrap_or(u8::MAX);
            let near = self.word_bigrams.near((key, at), reach);
            for &id in near.flat_map(|(_, ids)| ids) {
                let word = id as usize;
                // Each query bigram counts once per word, wherever the word repeats it.
                if last[word] == occurrence {
                    continue;
                }
                last[word] = occurrence;
                if shared[word] == 0 {
                    touched.push(id);
                }
                shared[word] = shared[word].saturating_add(1);
            }
        }
        bigram_threshold(query.len(), matcher.typos()).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::index::IndexSource;
    use crate::domain::ranking::typo_budget;
    use shared::http::lang::Lang;

    /// Every word the edit distance accepts, by comparing it with every word of the index.
    fn every_match(index: &LangIndex, matcher: &WordMatcher) -> Vec<(u32, u8)> {
        (0..index.words.len() as u32)
            .filter_map(|id| matcher.distance(&index.words[id as usize]).map(|d| (id, d)))
            .collect()
    }

    #[test]
    fn candidates_never_miss_a_word_the_distance_accepts() {
        // A small alphabet makes near words, repeats and transpositions frequent.
        let alphabet = ['a', 'b', 'c', 'd', 'e', 'ñ'];
        let mut seed = 0x5851_f42d_4c95_7f2du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let word = |next: &mut dyn FnMut() -> u64, max: u64| -> String {
            (0..1 + next() % max)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        };
        let sources: Vec<IndexSource> = (0..400)
            .map(|id| {
                let name: Vec<String> = (0..1 + next() % 3).map(|_| word(&mut next, 11)).collect();
                IndexSource {
                    id,
                    name: name.join(" "),
                    slug: format!("t{id}"),
                    aliases: Vec::new(),
                    definition: None,
                }
            })
            .collect();
        let index = LangIndex::build(Lang::En, sources);
        let (mut checked, mut found) = (0, 0);
        for _ in 0..3_000 {
            // Half the queries are an index word with two random edits, transpositions
            // often: the cases a cut has to allow for.
            let query = if next() % 2 == 0 {
                word(&mut next, 14)
            } else {
                let words = &index.words;
                let mut chars: Vec<char> = words[(next() % words.len() as u64) as usize]
                    .chars()
                    .collect();
                for _ in 0..2 {
                    let at = (next() % (chars.len() as u64 + 1)) as usize;
                    let letter = alphabet[(next() % alphabet.len() as u64) as usize];
                    match next() % 4 {
                        0 if at + 1 < chars.len() => chars.swap(at, at + 1),
                        1 if at < chars.len() => chars[at] = letter,
                        2 if at < chars.len() => drop(chars.remove(at)),
                        _ => chars.insert(at, letter),
                    }
                }
                chars.into_iter().collect()
            };
            for prefix in [false, true] {
                // The stages' matchers, and more typos than they give the word's length
                // (short words get none there: a bigram count cannot find their matches).
                let chars = query.chars().count();
                let own = typo_budget(chars);
                let mut matchers = vec![
                    WordMatcher::lenient(&query, prefix),
                    WordMatcher::new(&query, own, prefix),
                ];
                for (typos, shortest) in [(1, 3), (2, 6)] {
                    if chars >= shortest && typos != own {
                        matchers.push(WordMatcher::new(&query, typos, prefix));
                    }
                }
                for matcher in matchers {
                    let mut got = index.matching_words(&matcher, &query);
                    got.sort_unstable();
                    let expected = every_match(&index, &matcher);
                    assert_eq!(got, expected, "{query:?} {:?}", matcher.behaviour());
                    checked += 1;
                    found += expected.len();
                }
            }
        }
        assert!(found > checked, "{found} matches in {checked} lookups");
    }

    /// The words one edit (a transposition included) from `word`, over `letters`.
    fn edits(word: &[char], letters: &[char]) -> Vec<Vec<char>> {
        let mut out = Vec::new();
        for at in 0..=word.len() {
            for &letter in letters {
                let mut w = word.to_vec();
                w.insert(at, letter);
                out.push(w);
                if at < word.len() {
                    let mut w = word.to_vec();
                    w[at] = letter;
                    out.push(w);
                }
            }
            if at < word.len() {
                let mut w = word.to_vec();
                w.remove(at);
                out.push(w);
            }
            if at + 1 < word.len() {
                let mut w = word.to_vec();
                w.swap(at, at + 1);
                out.push(w);
            }
        }
        out
    }

    #[test]
    fn every_word_within_two_edits_is_found() {
        // All words one or two edits from the query (two transpositions across both cuts
        // included, whatever cuts are chosen), and the query itself, each a term's name.
        for query in ["abcdefgh", "abcde"] {
            let chars: Vec<char> = query.chars().collect();
            let letters = ['a', 'c', 'f', 'x'];
            let mut names: Vec<String> = edits(&chars, &letters)
                .iter()
                .flat_map(|once| edits(once, &letters))
                .map(|w| w.into_iter().collect::<String>())
                .filter(|w| !w.is_empty())
                .collect();
            names.sort_unstable();
            names.dedup();
            let sources = names
                .iter()
                .enumerate()
                .map(|(id, name)| IndexSource {
                    id: id as u64,
                    name: name.clone(),
                    slug: format!("t{id}"),
                    aliases: Vec::new(),
                    definition: None,
                })
                .collect();
            let index = LangIndex::build(Lang::En, sources);
            for prefix in [false, true] {
                for matcher in [
                    WordMatcher::lenient(query, prefix),
                    WordMatcher::new(query, 1, prefix),
                    WordMatcher::new(query, 2, prefix),
                ] {
                    let mut got = index.matching_words(&matcher, query);
                    got.sort_unstable();
                    let expected = every_match(&index, &matcher);
                    assert_eq!(got, expected, "{query:?} {:?}", matcher.behaviour());
                    assert!(expected.len() > 20, "{}", expected.len());
                }
            }
        }
    }
}
