//! Typo-tolerant word comparison: the bit-parallel edit distance of Myers as extended by Hyyrö
//! to count a transposition as one edit (optimal string alignment), in a few machine-word
//! operations per character of the candidate.
//!
//! Measured against `fst` with Levenshtein automata (docs/glossary-performance.md): building a
//! two-typo automaton for one query word took 20–50 µs and walking the word `fst` with it another
//! 70 µs, while a bigram filter over the index's few thousand distinct words followed by this
//! comparison on the survivors takes a few microseconds.

use super::ranking::typo_budget;

/// Compares candidates with one query word, allowing `typos` edits; with `prefix`, a candidate
/// also matches when it merely starts with something that close (the word being typed).
#[derive(Debug, Clone)]
pub struct WordMatcher {
    word: String,
    len: usize,
    typos: u8,
    prefix: bool,
    /// The allowance follows the longer of the two words (see `lenient`).
    lenient: bool,
    /// Bit i set where the query's i-th character is this one, for ASCII characters.
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
}

impl WordMatcher {
    /// Longest query word compared by edit distance (longer words only match exactly).
    pub const MAX_CHARS: usize = 64;

    pub fn new(word: &str, typos: u8, prefix: bool) -> Self {
        let mut matcher = Self {
            word: word.to_owned(),
            len: 0,
            typos,
            prefix,
            lenient: false,
            ascii: [0; 128],
            other: Vec::new(),
        };
        for (i, c) in word.chars().take(Self::MAX_CHARS).enumerate() {
            matcher.len = i + 1;
            let bit = 1u64 << i;
            if c.is_ascii() {
                matcher.ascii[c as usize] |= bit;
            } else if let Some(entry) = matcher.other.iter_mut().find(|(o, _)| *o == c) {
                entry.1 |= bit;
            } else {
                matcher.other.push((c, bit));
            }
        }
        if word.chars().count() > Self::MAX_CHARS {
            matcher.typos = 0;
        }
        matcher
    }

    /// A matcher whose allowance is that of the longer word, the query word or the candidate:
    /// a letter left out shortens the typed word below the length that earns its typo
    /// (`tumr` for `tumor`), so the allowance taken from the word as typed is one too few.
    pub fn lenient(word: &str, prefix: bool) -> Self {
        let chars = word.chars().count();
        let mut matcher = Self::new(word, typo_budget(chars + 1), prefix);
        matcher.lenient = true;
        matcher
    }

    pub fn typos(&self) -> u8 {
        self.typos
    }

    pub fn is_prefix(&self) -> bool {
        self.prefix
    }

    /// What decides the words a matcher accepts besides its word: its allowance, whether it
    /// takes starts of words, and whether the lenient rule changes anything (only when the
    /// allowance is above the word's own).
    pub fn behaviour(&self) -> (u8, bool, bool) {
        let lenient = self.lenient && self.typos > typo_budget(self.len);
        (self.typos, self.prefix, lenient)
    }

    fn mask(&self, c: char) -> u64 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |(_, bits)| *bits)
        }
    }

    /// The typos between the query word and `candidate` (or, with `prefix`, its closest start),
    /// if within the allowance.
    pub fn distance(&self, candidate: &str) -> Option<u8> {
        self.distance_counted(candidate, candidate.chars().count())
    }

    /// `distance` for a candidate whose length in characters is known (the index keeps each
    /// word's): an ASCII word is one whose bytes are its characters, so nothing is scanned
    /// before the comparison itself.
    pub fn distance_counted(&self, candidate: &str, chars: usize) -> Option<u8> {
        if self.typos == 0 {
            // No typos allowed: a plain comparison says it.
            let hit = if self.prefix {
                candidate.starts_with(&self.word)
            } else {
                candidate == self.word
            };
            return hit.then_some(0);
        }
        // Most words are ASCII: their bytes are their characters, without decoding.
        let best = match chars == candidate.len() {
            true => self.edit_distance_ascii(candidate.as_bytes()),
            false => self.edit_distance(candidate, chars),
        };
        let allowed = if self.lenient {
            self.typos.min(typo_budget(self.len.max(chars)))
        } else {
            self.typos
        };
        u8::try_from(best).ok().filter(|d| *d <= allowed)
    }

    fn edit_distance(&self, candidate: &str, chars: usize) -> usize {
        let masks = candidate.chars().map(|c| self.mask(c));
        self.distance_of(masks, chars)
    }

    fn edit_distance_ascii(&self, candidate: &[u8]) -> usize {
        let masks = candidate.iter().map(|&b| self.ascii[usize::from(b & 0x7f)]);
        self.distance_of(masks, candidate.len())
    }

    /// The distance to a candidate given as its characters' masks (`mask`), `chars` long.
    #[inline(always)]
    fn distance_of(&self, masks: impl Iterator<Item = u64>, chars: usize) -> usize {
        let m = self.len;
        if m == 0 {
            return if self.prefix { 0 } else { chars };
        }
        let top = 1u64 << (m - 1);
        let (mut vp, mut vn) = (u64::MAX, 0u64);
        let (mut d0, mut pm_prev) = (0u64, 0u64);
        let mut dist = m;
        let mut best = m;
        // A start longer than m + k characters is more than k edits away: stop there.
        let reach = if self.prefix {
            m + usize::from(self.typos)
        } else {
            usize::MAX
        };
        for pm in masks.take(reach) {
            // Hyyrö: a transposition is a diagonal step two rows up, where the last two
            // characters match crosswise.
            let tr = ((!d0 & pm) << 1) & pm_prev;
            d0 = tr | (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn;
            let hp = vn | !(d0 | vp);
            let hn = vp & d0;
            if hp & top != 0 {
                dist += 1;
            } else if hn & top != 0 {
                dist -= 1;
            }
            // Row 0 of the table counts the candidate's characters: every column adds one.
            let hp = (hp << 1) | 1;
            vp = (hn << 1) | !(d0 | hp);
            vn = d0 & hp;
            pm_prev = pm;
            best = best.min(dist);
            if self.prefix && best == 0 {
                break;
            }
        }
        if self.prefix {
            best
        } else {
            dist
        }
    }
}

/// The character bigrams of a word with their positions, `^` and `$` marking its start and
/// (unless `prefix`) its end, bigrams as 64-bit keys: the typo filter's unit.
pub fn bigrams(word: &str, prefix: bool) -> Vec<(u64, u8)> {
    let mut chars: Vec<char> = Vec::with_capacity(word.len() + 2);
    chars.push('^');
    chars.extend(word.chars());
    if !prefix {
        chars.push('$');
    }
    chars
        .windows(2)
        .enumerate()
        .map(|(at, w)| {
            let key = (u64::from(w[0] as u32) << 32) | u64::from(w[1] as u32);
            (key, u8::try_from(at).unwrap_or(u8::MAX))
        })
        .collect()
}

/// A bigram (`bigrams`' key) at a position, as one key: the words' bigram postings are listed
/// by both, so that a lookup reads only the words with the bigram where a match can have it.
pub fn bigram_at(key: u64, at: u8) -> u64 {
    // Both characters are below 2^21.
    ((key >> 32) << 29) | ((key & 0x1f_ffff) << 8) | u64::from(at)
}

/// Of a query word's bigrams, how many a candidate within `typos` edits must also have, at most
/// `typos` positions away: an edit (a transposition included) spoils at most three of them, and
/// the others shift by at most the number of insertions and deletions before them.
pub fn bigram_threshold(query_bigrams: usize, typos: u8) -> usize {
    query_bigrams.saturating_sub(3 * usize::from(typos))
}

/// The query bigrams that `candidate` has within `typos` positions (for tests of the filter).
#[cfg(test)]
fn positional_matches(query: &[(u64, u8)], candidate: &[(u64, u8)], typos: u8) -> usize {
    query
        .iter()
        .filter(|(key, at)| {
            candidate
                .iter()
                .any(|(k, p)| k == key && p.abs_diff(*at) <= typos)
        })
        .count()
}

/// Optimal-string-alignment distance (a transposition is one edit) by the textbook table; with
/// `prefix`, the distance to the closest start of `candidate`. Quadratic: the oracle that the
/// bit-parallel [`WordMatcher`] is tested against, and the benchmark's linear-scan baseline.
pub fn table_distance(query: &str, candidate: &str, prefix: bool) -> usize {
    let a: Vec<char> = query.chars().collect();
    let b: Vec<char> = candidate.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    if prefix {
        d[a.len()].iter().copied().min().unwrap_or(0)
    } else {
        d[a.len()][b.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 20,000 pairs of random words of up to `max` characters (`max.0`, `max.1`) from a small
    /// alphabet, which makes repeats and transpositions frequent.
    fn word_pairs(mut seed: u64, max: (u64, u64)) -> Vec<(String, String)> {
        let alphabet = ['a', 'b', 'c', 'é'];
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..20_000)
            .map(|_| {
                let mut word = |max: u64| -> String {
                    (0..next() % max)
                        .map(|_| alphabet[(next() % 4) as usize])
                        .collect()
                };
                (word(max.0), word(max.1))
            })
            .collect()
    }

    #[test]
    fn the_bit_parallel_distance_equals_the_table() {
        for (a, b) in word_pairs(0x2545_f491_4f6c_dd1d, (10, 12)) {
            for prefix in [false, true] {
                let matcher = WordMatcher::new(&a, 64, prefix);
                let table = table_distance(&a, &b, prefix);
                assert_eq!(
                    matcher.edit_distance(&b, b.chars().count()),
                    table,
                    "{a:?} {b:?} prefix {prefix}"
                );
                if b.is_ascii() {
                    let ascii = matcher.edit_distance_ascii(b.as_bytes());
                    assert_eq!(ascii, table, "{a:?} {b:?} prefix {prefix}");
                }
            }
        }
    }

    #[test]
    fn small_allowances_accept_what_the_table_accepts() {
        // The comparison of a prefix stops `typos` characters past the query's length.
        for (a, b) in word_pairs(0x9fb2_1c65_1e98_df25, (9, 14)) {
            for typos in 1..=3 {
                for prefix in [false, true] {
                    let table = table_distance(&a, &b, prefix);
                    let expected = u8::try_from(table).ok().filter(|&d| d <= typos);
                    let got = WordMatcher::new(&a, typos, prefix).distance(&b);
                    assert_eq!(got, expected, "{a:?} {b:?} {typos} prefix {prefix}");
                }
            }
        }
    }

    #[test]
    fn typos_are_counted_with_transpositions_as_one() {
        let matcher = WordMatcher::new("imunotherapy", 2, false);
        assert_eq!(matcher.distance("immunotherapy"), Some(1));
        assert_eq!(matcher.distance("immunotherapies"), None);
        assert_eq!(
            WordMatcher::new("cnacer", 1, false).distance("cancer"),
            Some(1)
        );
        let exact = WordMatcher::new("cell", 0, false);
        assert_eq!(exact.distance("cell"), Some(0));
        assert_eq!(exact.distance("cells"), None);
    }

    #[test]
    fn prefix_matchers_accept_longer_words() {
        let matcher = WordMatcher::new("imuno", 1, true);
        assert_eq!(matcher.distance("immunotherapy"), Some(1));
        assert_eq!(matcher.distance("inmunoterapia"), Some(1));
        assert_eq!(matcher.distance("chemo"), None);
        assert_eq!(WordMatcher::new("", 0, true).distance("anything"), Some(0));
    }

    #[test]
    fn bigram_filter_never_drops_a_match() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = ['a', 'b', 'c', 'd', 'é'];
        let mut checked = 0;
        for _ in 0..50_000 {
            let mut word = |max: u64| -> String {
                (0..1 + next() % max)
                    .map(|_| alphabet[(next() % 5) as usize])
                    .collect()
            };
            let (q, c) = (word(10), word(12));
            for prefix in [false, true] {
                for typos in [1u8, 2] {
                    if table_distance(&q, &c, prefix) > usize::from(typos) {
                        continue;
                    }
                    checked += 1;
                    let query = bigrams(&q, prefix);
                    let shared = positional_matches(&query, &bigrams(&c, false), typos);
                    assert!(
                        shared >= bigram_threshold(query.len(), typos),
                        "{q:?} {c:?} prefix {prefix} typos {typos}"
                    );
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
