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

    /// The query word compared.
    pub fn word(&self) -> &str {
        &self.word
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
        self.within(best, chars)
    }

    /// `best` typos, if within the allowance for a candidate of `chars` characters.
    fn within(&self, best: usize, chars: usize) -> Option<u8> {
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
        let masks = candidate.iter().map(|&b| self.ascii_mask(b));
        self.distance_of(masks, candidate.len())
    }

    fn ascii_mask(&self, byte: u8) -> u64 {
        self.ascii[usize::from(byte & 0x7f)]
    }

    /// How many of a candidate's characters are compared: a start longer than m + k
    /// characters is more than k edits away.
    fn reach(&self) -> usize {
        match self.prefix {
            true => self.len + usize::from(self.typos),
            false => usize::MAX,
        }
    }

    /// The distance to a candidate given as its characters' masks (`mask`), `chars` long:
    /// exact within the allowance, some number above it otherwise.
    #[inline(always)]
    fn distance_of(&self, masks: impl Iterator<Item = u64>, chars: usize) -> usize {
        if self.len == 0 {
            return if self.prefix { 0 } else { chars };
        }
        let mut column = Column::first(self.len);
        let columns = chars.min(self.reach());
        // The last row falls by at most one per column: once it cannot come back within the
        // allowance in the columns left (and no start so far is within it), the candidate
        // is out, whatever follows. Most candidates are.
        let out = usize::from(self.typos) + columns;
        for (seen, pm) in (1..).zip(masks.take(columns)) {
            column = column.next(pm, self.len);
            let closest = column.best <= usize::from(self.typos);
            if (self.prefix && column.best == 0)
                || (column.dist + seen > out && !(self.prefix && closest))
            {
                break;
            }
        }
        column.distance(self.prefix)
    }
}

/// The comparison after some characters of a candidate: Myers' vertical deltas of the
/// column, what the transposition step needs of the one before, and the last row's value.
#[derive(Debug, Clone, Copy)]
struct Column {
    vp: u64,
    vn: u64,
    d0: u64,
    pm_prev: u64,
    /// The distance to the candidate so far.
    dist: usize,
    /// The least distance to one of its starts so far.
    best: usize,
}

impl Column {
    /// Before the first character, for a query word of `m` characters.
    fn first(m: usize) -> Self {
        Self {
            vp: u64::MAX,
            vn: 0,
            d0: 0,
            pm_prev: 0,
            dist: m,
            best: m,
        }
    }

    /// After one more character, whose mask is `pm` (`m` > 0).
    #[inline(always)]
    fn next(self, pm: u64, m: usize) -> Self {
        let Self { vp, vn, d0, .. } = self;
        let top = 1u64 << (m - 1);
        // Hyyrö: a transposition is a diagonal step two rows up, where the last two
        // characters match crosswise.
        let tr = ((!d0 & pm) << 1) & self.pm_prev;
        let d0 = tr | (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn;
        let hp = vn | !(d0 | vp);
        let hn = vp & d0;
        // The last row goes up or down by one (the two are never both set): added without
        // a branch, which the data would make unpredictable.
        let dist = self.dist + usize::from(hp & top != 0) - usize::from(hn & top != 0);
        // Row 0 of the table counts the candidate's characters: every column adds one.
        let hp = (hp << 1) | 1;
        Self {
            vp: (hn << 1) | !(d0 | hp),
            vn: d0 & hp,
            d0,
            pm_prev: pm,
            dist,
            best: self.best.min(dist),
        }
    }

    fn distance(&self, prefix: bool) -> usize {
        match prefix {
            true => self.best,
            false => self.dist,
        }
    }
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
pub(crate) mod tests {
    use super::*;

    /// 20,000 pairs of random words of up to `max` characters (`max.0`, `max.1`) from a small
    /// alphabet, which makes repeats and transpositions frequent.
    pub(crate) fn word_pairs(mut seed: u64, max: (u64, u64)) -> Vec<(String, String)> {
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
    fn a_prefix_less_its_last_letter_accepts_all_the_prefix_does() {
        // What lets the word being typed skip its plural (`query::typos::word_matchers`).
        let mut accepted = 0;
        for (a, b) in word_pairs(0x6a09_e667_f3bc_c908, (10, 14)) {
            let Some((last, _)) = a.char_indices().last() else {
                continue;
            };
            for typos in 1..=2 {
                let longer = WordMatcher::new(&a, typos, true).distance(&b);
                let shorter = WordMatcher::new(&a[..last], typos, true).distance(&b);
                if let Some(d) = longer {
                    accepted += 1;
                    assert!(shorter.is_some_and(|s| s <= d), "{a:?} {b:?} {typos}");
                }
            }
        }
        assert!(accepted > 1000, "{accepted}");
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
}
