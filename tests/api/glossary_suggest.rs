//! Type-ahead keeps to what the reader is typing: once a term matches every typed word within
//! its allowance, suggestions do not add terms missing a word or two typos away from a word
//! being typed; an answer that would be empty still gets them, and the search page lists them
//! below its full matches.

use glossary::domain::{MatchKind, MatchMode};
use shared::http::lang::Lang;

use crate::glossary_relevance::index;

/// (language, query, the name first suggested)
const STRICT_FIRST: &[(Lang, &str, &str)] = &[
    (Lang::En, "laughter ther", "laughter therapy"),
    (Lang::En, "contrala", "contralateral"),
    (Lang::En, "digestive trac", "digestive tract"),
    (
        Lang::En,
        "cancer interven",
        "Cancer Intervention and Surveillance Modeling Network",
    ),
    (Lang::Es, "papiloma intr", "papiloma intraductal"),
];

#[test]
fn suggestions_below_a_strict_match_are_strict_too() {
    for &(lang, query, first) in STRICT_FIRST {
        let hits = index(lang).suggest(query, 10);
        assert_eq!(hits[0].term.name, first, "{lang} {query:?}");
        for hit in &hits {
            assert_ne!(
                hit.kind,
                MatchKind::Partial,
                "{lang} {query:?}: {:?}",
                hit.matched
            );
            // The allowance of the word as typed: one typo up to eight letters.
            assert!(
                hit.typos <= 1,
                "{lang} {query:?}: {:?} {}",
                hit.matched,
                hit.typos
            );
        }
        // The search page still shows what most of the words find, below the full matches.
        let page = index(lang).search(query, MatchMode::Smart, None, 20);
        assert_eq!(page.hits[0].term.name, first, "{lang} {query:?}");
        assert!(
            page.hits.len() > hits.len(),
            "{lang} {query:?}: search finds more"
        );
    }
}

#[test]
fn an_empty_suggestion_list_is_relaxed() {
    // Nothing starts with `tumr`, and four letters allow no typo: the lenient allowance of the
    // word meant (`tumor`) finds it; a misspelt second word leaves most of the query.
    for (lang, query, name) in [
        (Lang::En, "tumr", "tumor"),
        (Lang::Es, "tumr", "tumor"),
        (Lang::En, "leukemia treatmentt", "leukemia"),
    ] {
        let hits = index(lang).suggest(query, 10);
        assert!(
            hits.iter().take(3).any(|hit| hit.term.name == name),
            "{lang} {query:?}: {:?}",
            hits.iter().map(|h| &h.term.name).collect::<Vec<_>>()
        );
    }
}
