//! `suggest` stops a one-word typo stage once it has a page of terms (`query::fuzzy_page`):
//! over the benchmark's typed queries and the relevance benchmark's queries, in both languages,
//! it answers exactly as when every typo match is walked, hits and keys alike.

// Only the committed terms are needed here, not the baseline beside them.
#[allow(dead_code)]
#[path = "../benches/relevance/generate.rs"]
mod generate;
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;
#[path = "../benches/support/typed.rs"]
mod typed;
#[allow(dead_code)]
#[path = "../benches/relevance/typos.rs"]
mod typos;

use glossary::domain::{IndexSource, LangIndex, MatchKind};
use shared::http::lang::Lang;

fn same_answers(lang: Lang) {
    let terms = support::committed_terms();
    let sources: Vec<IndexSource> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
    let mut queries = typed::typed_queries(&sources);
    // The relevance benchmark's queries: names with typos, aliases, questions, prefixes.
    queries.extend(
        generate::queries(lang, &sources)
            .into_iter()
            .map(|q| q.text),
    );
    let index = LangIndex::build(lang, sources);
    // Full pages with typo matches, where the stop can leave fields out.
    let mut cut = 0;
    for query in &queries {
        for limit in [1, 3, 10] {
            let paged = index.suggest(query, limit);
            let walked = index.suggest_walking_every_typo(query, limit);
            assert_eq!(paged, walked, "{lang:?} {query:?} limit {limit}");
            let typos = paged.iter().any(|hit| hit.kind == MatchKind::Fuzzy);
            cut += usize::from(paged.len() == limit && typos);
        }
    }
    assert!(
        cut > 1000,
        "{lang:?}: only {cut} full pages with typo matches"
    );
}

#[test]
fn english_suggestions_are_those_of_every_typo_match() {
    same_answers(Lang::En);
}

#[test]
fn spanish_suggestions_are_those_of_every_typo_match() {
    same_answers(Lang::Es);
}
