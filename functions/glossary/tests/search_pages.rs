//! Paging through a search gives every result once, in order, and the count the first page
//! announced. One-letter queries are checked letter by letter: their first page counts the
//! substring matches below its prefixes instead of collecting them (`LangIndex::search`).

// Only the committed terms are needed here, not the baseline beside them.
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;

use glossary::domain::{LangIndex, MatchMode};
use shared::http::lang::Lang;

/// The first page of `query`, and every result after its first, in one page from its key
/// (a later page collects every match, so it is the reference).
fn first_page_against_the_rest(index: &LangIndex, query: &str) {
    let page = index.search(query, MatchMode::Smart, None, 20);
    let first = index.search(query, MatchMode::Smart, None, 1);
    let Some(head) = first.hits.first() else {
        assert_eq!((page.total, page.hits.len()), (0, 0), "{query:?}");
        return;
    };
    let rest = index.search(query, MatchMode::Smart, Some(&head.key), usize::MAX);
    assert_eq!(page.total, rest.total, "{query:?}: the total");
    assert_eq!(first.total, rest.total, "{query:?}: the total");
    assert_eq!(
        rest.hits.len() + 1,
        rest.total,
        "{query:?}: every result once"
    );
    assert_eq!(rest.next, None, "{query:?}");
    let expected: Vec<_> = std::iter::once(head).chain(&rest.hits).take(20).collect();
    assert_eq!(
        page.hits.iter().collect::<Vec<_>>(),
        expected,
        "{query:?}: the first page"
    );
    let more = page.total > 20;
    assert_eq!(
        page.next.as_ref(),
        more.then(|| &page.hits[19].key),
        "{query:?}"
    );
}

#[test]
fn one_letter_first_pages_are_the_start_of_every_result() {
    let terms = support::committed_terms();
    for lang in Lang::ALL {
        let sources: Vec<_> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
        let index = LangIndex::build(lang, sources);
        let mut many = 0;
        for byte in (b'a'..=b'z').chain(b'0'..=b'9') {
            let query = char::from(byte).to_string();
            first_page_against_the_rest(&index, &query);
            many += usize::from(index.search(&query, MatchMode::Smart, None, 20).total > 1000);
        }
        // The letters whose substrings are only counted on the first page.
        assert!(many >= 15, "{lang}: {many} letters with over 1,000 results");
    }
}

#[test]
fn longer_queries_page_the_same_way() {
    let terms = support::committed_terms();
    let sources: Vec<_> = terms
        .iter()
        .filter_map(|t| t.index_source(Lang::En))
        .collect();
    let index = LangIndex::build(Lang::En, sources);
    for query in ["ca", "lym", "cancer", "t cell", "imunotherapy", "zzzz"] {
        first_page_against_the_rest(&index, query);
    }
}
