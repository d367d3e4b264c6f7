//! How well a name or alias matches a query, and the order results are ranked in.
//!
//! exact name > exact alias > name prefix > word prefix > substring > fuzzy; within a kind,
//! fewer typos first, then what was typed before the singular of a plural query word, then a
//! match on the name before one on an alias, then (name prefixes only) the term more other
//! definitions mention, then the shorter name, then alphabetical order, then the id. The whole
//! order is one byte string per result (its sort key), which is also what a search cursor
//! carries.

use super::fold::word_starts;

/// How a result matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The query is the term's name.
    ExactName = 0,
    /// The query is one of the term's other names.
    ExactAlias = 1,
    /// The name starts with the query.
    NamePrefix = 2,
    /// A later word of the name, or any word of an alias, starts with the query.
    WordPrefix = 3,
    /// The query occurs inside a word.
    Substring = 4,
    /// Every query word is in the name or an alias, in any order, within the typo allowance.
    Fuzzy = 5,
    /// Most query words (at least half of those that are not stop words) are in the name or
    /// an alias: below every full match, fewer missing words first.
    Partial = 6,
}

/// How the normalized `query` occurs in the normalized `field`, without typos.
/// Returns the kind (as if on a name) and the byte offset of the occurrence.
pub fn classify(field: &str, query: &str, is_alias: bool) -> Option<(MatchKind, usize)> {
    if query.is_empty() {
        return None;
    }
    let on_name = |kind| {
        if is_alias {
            MatchKind::WordPrefix
        } else {
            kind
        }
    };
    if field == query {
        let kind = if is_alias {
            MatchKind::ExactAlias
        } else {
            MatchKind::ExactName
        };
        return Some((kind, 0));
    }
    if field.starts_with(query) {
        return Some((on_name(MatchKind::NamePrefix), 0));
    }
    if let Some(start) = word_starts(field).find(|&at| field[at..].starts_with(query)) {
        return Some((MatchKind::WordPrefix, start));
    }
    field.find(query).map(|at| (MatchKind::Substring, at))
}

/// The typos allowed in a query word of `chars` characters.
pub fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The byte of the sort key after the kind: the typos, and for partial matches the words
/// missing first (a kind older cursors never carry, so their keys read as before). A match of
/// a plural query's singular only (`genetic` for `genetics`) comes after the literal matches
/// of its kind: it takes the byte one typo would, in kinds that never have typos, so no other
/// key moves.
pub fn rank_byte(missing: u8, typos: u8, singular: bool) -> u8 {
    debug_assert!(
        !singular || (missing == 0 && typos == 0),
        "singular: strict kinds only"
    );
    if missing == 0 {
        typos + u8::from(singular)
    } else {
        (missing.min(15) << 4) | typos.min(15)
    }
}

/// Whether matches of `kind` rank by the popularity prior (`refs`: how many other definitions
/// mention the term) before name length. Only name prefixes: there the query is typed halfway
/// and many names fit it equally well; every other kind already says how well a name fits.
pub fn ranks_by_popularity(kind: MatchKind) -> bool {
    kind == MatchKind::NamePrefix
}

/// The sort key of a result; smaller ranks higher. Normalized names never hold a 0 byte, so the
/// separator keeps names that are prefixes of others in order. `refs` (the popularity prior)
/// is in the key of the kinds that rank by it only, so the others' keys are as they were.
pub fn sort_key(
    kind: MatchKind,
    typos: u8,
    on_alias: bool,
    refs: u32,
    name: &str,
    id: u64,
) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() + 18);
    sort_key_into(&mut key, kind, typos, on_alias, refs, name, id);
    key
}

/// `sort_key` into a buffer (cleared first), for comparing many keys without allocating.
pub fn sort_key_into(
    key: &mut Vec<u8>,
    kind: MatchKind,
    typos: u8,
    on_alias: bool,
    refs: u32,
    name: &str,
    id: u64,
) {
    key.clear();
    key.push(kind as u8);
    key.push(typos);
    key.push(u8::from(on_alias));
    if ranks_by_popularity(kind) {
        key.extend_from_slice(&(u32::MAX - refs).to_be_bytes());
    }
    let chars = u16::try_from(name.chars().count()).unwrap_or(u16::MAX);
    key.extend_from_slice(&chars.to_be_bytes());
    key.extend_from_slice(name.as_bytes());
    key.push(0);
    key.extend_from_slice(&id.to_be_bytes());
}

/// The alphabetical key that browsing and NCI's match types use: name, then id.
pub fn alpha_key(name: &str, id: u64) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() + 9);
    key.extend_from_slice(name.as_bytes());
    key.push(0);
    key.extend_from_slice(&id.to_be_bytes());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_follows_the_ranking_kinds() {
        assert_eq!(
            classify("t cell", "t cell", false),
            Some((MatchKind::ExactName, 0))
        );
        assert_eq!(
            classify("t lymphocyte", "t lymphocyte", true),
            Some((MatchKind::ExactAlias, 0))
        );
        assert_eq!(
            classify("cancer vaccine", "canc", false),
            Some((MatchKind::NamePrefix, 0))
        );
        assert_eq!(
            classify("t lymphocyte", "t lym", true),
            Some((MatchKind::WordPrefix, 0))
        );
        assert_eq!(
            classify("t cell", "cel", false),
            Some((MatchKind::WordPrefix, 2))
        );
        assert_eq!(
            classify("immunotherapy", "therapy", false),
            Some((MatchKind::Substring, 6))
        );
        assert_eq!(classify("immunotherapy", "x", false), None);
        assert_eq!(classify("anything", "", false), None);
    }

    #[test]
    fn budgets_grow_with_word_length() {
        assert_eq!([1, 4, 5, 8, 9, 20].map(typo_budget), [0, 0, 1, 1, 2, 2]);
    }

    #[test]
    fn keys_order_kind_then_typos_then_field_then_prior_then_length_then_name() {
        let mut keys = [
            sort_key(MatchKind::Fuzzy, 0, false, 0, "a", 1),
            sort_key(MatchKind::NamePrefix, 0, false, 0, "cancer", 2),
            sort_key(MatchKind::NamePrefix, 0, false, 0, "can", 3),
            sort_key(MatchKind::NamePrefix, 0, false, 0, "cab", 4),
            sort_key(MatchKind::ExactName, 0, false, 0, "zzzzzzzz", 5),
            // Word prefixes ignore the prior: the shorter name first.
            sort_key(MatchKind::WordPrefix, 0, true, 0, "b", 6),
            sort_key(MatchKind::WordPrefix, 0, false, 9, "bbbbbb", 7),
            sort_key(MatchKind::WordPrefix, 0, false, 0, "bb", 8),
            // Name prefixes: the more mentioned first, whatever the length.
            sort_key(MatchKind::NamePrefix, 0, false, 7, "cancerous", 9),
            sort_key(MatchKind::NamePrefix, 0, false, 300, "cancer vaccine", 10),
        ];
        keys.sort();
        let ids: Vec<u8> = keys.iter().map(|k| k[k.len() - 1]).collect();
        assert_eq!(ids, [5, 10, 9, 4, 3, 2, 8, 7, 6, 1]);
    }
}
