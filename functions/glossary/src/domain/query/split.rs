//! Candidate words within one or two typos of a query word, by the pigeonhole principle: cut
//! the word into one piece more than the typos allowed, and a match holds some piece intact,
//! at most that many positions from its place. A first piece intact is a run of the sorted
//! words; a later one is looked up by its rarest bigram near its place. A transposition across
//! a cut spoils two pieces with one typo, so the words with that swap are added as well. The
//! cuts reading the fewest words are taken; every candidate is then checked by edit distance.
//!
//! Counting shared bigrams instead (`bigram::bigram_threshold`) needs only one or two of a
//! short word's bigrams: hundreds of words to check for a four- or eight-letter prefix.

use std::ops::Range;

use super::{sorted_run, sorted_run_within};
use crate::domain::bigram::bigrams;
use crate::domain::index::LangIndex;

impl LangIndex {
    /// Candidates for `word` within `typos` (with `prefix`, of a start of theirs), marked in
    /// `seen` and listed in `touched`. False, with nothing added, when `typos` is not one or
    /// two or the word is too short to cut.
    pub(super) fn split_candidates(
        &self,
        word: &str,
        prefix: bool,
        typos: u8,
        seen: &mut [u8],
        touched: &mut Vec<u32>,
    ) -> bool {
        let mut add = |id: u32| {
            if seen[id as usize] == 0 {
                seen[id as usize] = 1;
                touched.push(id);
            }
        };
        let cut = Cut::new(word, prefix);
        match typos {
            1 => self.one_typo(&cut, &mut add),
            2 => self.two_typos(&cut, &mut add),
            _ => false,
        }
    }

    /// Two pieces, cut before character `h`: the first intact, the second intact within one
    /// position, or the two characters at the cut swapped.
    fn one_typo(&self, cut: &Cut, add: &mut impl FnMut(u32)) -> bool {
        let sizes = reach(&self.reads(&cut.grams), 1);
        let heads = self.head_runs(cut);
        let best = (1..cut.chars())
            .filter_map(|h| {
                let (size, n) = rarest(&sizes, h + 1..cut.grams.len())?;
                let swap = self.run(&cut.swapped(h)[..cut.offset(h + 1)]);
                Some((heads[h].len() + swap.len() + size, h, n))
            })
            .min();
        let Some((_, h, n)) = best else {
            return false;
        };
        heads[h].clone().for_each(|id| add(id as u32));
        self.run(&cut.swapped(h)[..cut.offset(h + 1)])
            .for_each(|id| add(id as u32));
        self.near(cut.grams[n], 1).flatten().for_each(|&id| add(id));
        true
    }

    /// Three pieces, cut before characters `a` and `b`. Without a transposition across a cut,
    /// two typos spoil at most two pieces. With one across `a` and the other typo in the last
    /// piece, the start up to `b` is intact with `a`'s swap; across `b` with the other in the
    /// first piece, the rest from `a` with `b`'s swap is intact within a position; across
    /// both, the whole word with both swaps starts the match. Otherwise a piece is intact.
    fn two_typos(&self, cut: &Cut, add: &mut impl FnMut(u32)) -> bool {
        let m = cut.chars();
        let reads = self.reads(&cut.grams);
        let (near1, near2) = (reach(&reads, 1), reach(&reads, 2));
        let heads = self.head_runs(cut);
        let firsts: Vec<usize> = (0..m)
            .map(|a| match a {
                0 => usize::MAX,
                _ => heads[a].len(),
            })
            .collect();
        // Bigram n spans characters n - 1 and n: the piece a..b holds bigrams a + 1..b.
        let best = (1..m)
            .flat_map(|a| (a + 2..m).map(move |b| (a, b)))
            .filter_map(|(a, b)| {
                let (middle, n2) = rarest(&near1, a + 1..b)?;
                let (last, n3) = rarest(&near2, b + 1..cut.grams.len())?;
                Some((firsts[a] + middle + last, a, b, n2, n3))
            })
            .min();
        let Some((_, a, b, n2, n3)) = best else {
            return false;
        };
        heads[a].clone().for_each(|id| add(id as u32));
        // The middle piece intact with typos on both sides is within a position of its
        // place; with both typos before it, the last piece is intact too.
        self.near(cut.grams[n2], 1)
            .flatten()
            .for_each(|&id| add(id));
        self.near(cut.grams[n3], 2)
            .flatten()
            .for_each(|&id| add(id));
        // Swapped across a, intact up to b.
        self.run(&cut.swapped(a)[..cut.offset(b)])
            .for_each(|id| add(id as u32));
        // Swapped across b, intact from a within a position: its rarest bigram there.
        let swapped = Cut::new(cut.swapped(b), cut.prefix);
        let sizes = reach(&self.reads(&swapped.grams), 1);
        if let Some((_, n)) = rarest(&sizes, a + 1..swapped.grams.len()) {
            self.near(swapped.grams[n], 1)
                .flatten()
                .for_each(|&id| add(id));
        }
        // Swapped across both.
        self.run(&swapped.swapped(a)).for_each(|id| add(id as u32));
        true
    }

    fn run(&self, prefix: &str) -> Range<usize> {
        sorted_run(&self.words, |w| &**w, prefix)
    }

    /// The runs of words starting with the word's first 0, 1, … characters, each searched
    /// for within the one before.
    fn head_runs(&self, cut: &Cut) -> Vec<Range<usize>> {
        let mut runs = Vec::with_capacity(cut.chars() + 1);
        runs.push(0..self.words.len());
        for n in 1..=cut.chars() {
            let within = runs[n - 1].clone();
            runs.push(sorted_run_within(
                &self.words,
                |w| &**w,
                cut.head(n),
                within,
            ));
        }
        runs
    }

    /// The words with bigram `gram` at most `reach` positions from where the query has it.
    fn near(&self, gram: (u64, u8), reach: u8) -> impl Iterator<Item = &[u32]> {
        self.word_bigrams.near(gram, reach).map(|(_, ids)| ids)
    }

    /// How many words each of `grams` reads at each position from two before to two after
    /// its own (`reach` sums them).
    fn reads(&self, grams: &[(u64, u8)]) -> Vec<[usize; 5]> {
        grams
            .iter()
            .map(|&gram| {
                let mut reads = [0; 5];
                for (p, ids) in self.word_bigrams.near(gram, 2) {
                    reads[usize::from(p) + 2 - usize::from(gram.1)] = ids.len();
                }
                reads
            })
            .collect()
    }
}

/// Per bigram, the words read within `reach` (at most two) positions (`LangIndex::reads`).
fn reach(reads: &[[usize; 5]], reach: usize) -> Vec<usize> {
    reads
        .iter()
        .map(|r| r[2 - reach..=2 + reach].iter().sum())
        .collect()
}

/// The rarest bigram of `range` (by `sizes`): its size and position.
fn rarest(sizes: &[usize], range: Range<usize>) -> Option<(usize, usize)> {
    range
        .filter(|&n| n < sizes.len())
        .map(|n| (sizes[n], n))
        .min()
}

/// A query word with its character offsets and bigrams.
struct Cut<'a> {
    word: std::borrow::Cow<'a, str>,
    offsets: Vec<usize>,
    grams: Vec<(u64, u8)>,
    prefix: bool,
}

impl<'a> Cut<'a> {
    fn new(word: impl Into<std::borrow::Cow<'a, str>>, prefix: bool) -> Self {
        let word = word.into();
        let mut offsets: Vec<usize> = word.char_indices().map(|(at, _)| at).collect();
        offsets.push(word.len());
        let grams = bigrams(&word, prefix);
        Self {
            word,
            offsets,
            grams,
            prefix,
        }
    }

    fn chars(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The byte offset of character `n`.
    fn offset(&self, n: usize) -> usize {
        self.offsets[n]
    }

    /// The first `n` characters.
    fn head(&self, n: usize) -> &str {
        &self.word[..self.offsets[n]]
    }

    /// The word with characters `n - 1` and `n` swapped (same length in bytes).
    fn swapped(&self, n: usize) -> String {
        let (o, p, q) = (self.offsets[n - 1], self.offsets[n], self.offsets[n + 1]);
        let w = &self.word;
        [&w[..o], &w[p..q], &w[o..p], &w[q..]].concat()
    }
}
