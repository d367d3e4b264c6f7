//! Typo-tolerant word lookup: Levenshtein automata (with transpositions counted as one typo)
//! run over the index's `fst` of words, so a lookup visits only words within reach.

use std::sync::LazyLock;

use fst::Automaton;
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

/// Building these takes milliseconds; they are shared by every index and query.
static BUILDERS: LazyLock<[LevenshteinAutomatonBuilder; 3]> =
    LazyLock::new(|| [0, 1, 2].map(|distance| LevenshteinAutomatonBuilder::new(distance, true)));

/// Builds the automata once ahead of the first query (for example while the index is built).
pub fn warm_up() {
    LazyLock::force(&BUILDERS);
}

/// Words within `typos` of `word`; with `prefix`, words that start with such a word.
pub struct WordMatcher {
    dfa: DFA,
}

impl WordMatcher {
    pub fn new(word: &str, typos: u8, prefix: bool) -> Self {
        let builder = &BUILDERS[usize::from(typos.min(2))];
        let dfa = if prefix {
            builder.build_prefix_dfa(word)
        } else {
            builder.build_dfa(word)
        };
        Self { dfa }
    }

    /// The typos between the query word and `candidate`, if within the allowance.
    pub fn distance(&self, candidate: &str) -> Option<u8> {
        match self.dfa.eval(candidate) {
            Distance::Exact(d) => Some(d),
            Distance::AtLeast(_) => None,
        }
    }

    pub fn distance_of_state(&self, state: u32) -> Option<u8> {
        match self.dfa.distance(state) {
            Distance::Exact(d) => Some(d),
            Distance::AtLeast(_) => None,
        }
    }
}

impl Automaton for WordMatcher {
    type State = u32;

    fn start(&self) -> u32 {
        self.dfa.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.dfa.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.dfa.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_counted_with_transpositions_as_one() {
        let matcher = WordMatcher::new("imunotherapy", 2, false);
        assert_eq!(matcher.distance("immunotherapy"), Some(1));
        assert_eq!(matcher.distance("immunotherapies"), None);
        let matcher = WordMatcher::new("cnacer", 1, false);
        assert_eq!(matcher.distance("cancer"), Some(1));
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
    }
}
