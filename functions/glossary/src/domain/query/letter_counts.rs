//! A lower bound of the typos between a query word and a candidate, from how many of their
//! characters they share counted with repeats: cheaper than the edit distance, and enough to
//! turn most candidates away before it.

use crate::domain::derived::letter_bit;

/// The query word's characters, counted per `letter_bit` bucket (two characters sharing a
/// bucket count as one: the bound only gets lower, never wrong).
pub(super) struct LetterCounts {
    counts: [u8; 64],
    chars: usize,
}

impl LetterCounts {
    pub(super) fn new(word: &str) -> Self {
        let mut counts = [0u8; 64];
        let mut chars = 0;
        for c in word.chars() {
            let bucket = &mut counts[bucket(c)];
            *bucket = bucket.saturating_add(1);
            chars += 1;
        }
        Self { counts, chars }
    }

    /// At most as many typos as `candidate` (`chars` long) is away, or, with `prefix`, as its
    /// closest start of at most `reach` characters. Every character of one word that the
    /// other lacks takes an edit of its own (a substitution, an insertion or a deletion; a
    /// transposition keeps them both): so the longer word's length less the shared characters.
    /// A start, which may be shorter, bounds only the query's side.
    pub(super) fn lower_bound(
        &self,
        candidate: &str,
        chars: usize,
        prefix: bool,
        reach: usize,
    ) -> usize {
        let mut left = self.counts;
        let mut shared = 0;
        let mut take = |c: char| {
            let bucket = &mut left[bucket(c)];
            if *bucket > 0 {
                *bucket -= 1;
                shared += 1;
            }
        };
        let compared = match prefix {
            true => chars.min(reach),
            false => chars,
        };
        match chars == candidate.len() {
            true => candidate
                .bytes()
                .take(compared)
                .for_each(|b| take(char::from(b))),
            false => candidate.chars().take(compared).for_each(take),
        }
        match prefix {
            true => self.chars - shared,
            false => self.chars.max(chars) - shared,
        }
    }
}

fn bucket(c: char) -> usize {
    letter_bit(c).trailing_zeros() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fuzzy::table_distance;
    use crate::domain::fuzzy::tests::word_pairs;

    #[test]
    fn the_bound_is_never_above_the_distance() {
        let mut tight = 0;
        for (query, candidate) in word_pairs(0xbb67_ae85_84ca_a73b, (10, 14)) {
            let counts = LetterCounts::new(&query);
            let chars = candidate.chars().count();
            for prefix in [false, true] {
                let distance = table_distance(&query, &candidate, prefix);
                // A start within the allowance of two is at most the query's length plus two.
                let reach = query.chars().count() + 2;
                let bound = counts.lower_bound(&candidate, chars, prefix, reach);
                if distance <= 2 || !prefix {
                    assert!(bound <= distance, "{query:?} {candidate:?} prefix {prefix}");
                }
                tight += usize::from(bound == distance);
            }
        }
        assert!(tight > 1_000, "{tight}");
    }
}
