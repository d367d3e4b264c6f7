//! Word bigrams: what the typo candidates are looked up by (`query::split`,
//! `query::candidates`) and the index lists words under (`LangIndex::word_bigrams`).

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fuzzy::table_distance;

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
