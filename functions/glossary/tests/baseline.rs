//! The linear scan of `benches/support/`, checked here so that `cargo test` keeps the baseline
//! the benchmark measures against honest: it returns what the index returns.

#[path = "../benches/support/mod.rs"]
mod support;

use glossary::domain::fold::normalize;
use glossary::domain::{LangIndex, MatchMode};
use shared::http::lang::Lang;
use support::baseline::{distance, LinearScan};

#[test]
fn distances_count_transpositions_once() {
    assert_eq!(distance("cnacer", "cancer", false), 1);
    assert_eq!(distance("imunotherapy", "immunotherapy", false), 1);
    assert_eq!(distance("imuno", "immunotherapy", true), 1);
    assert_eq!(distance("chemo", "cancer", true), 4);
}

/// The index and the linear scan agree on the top ten for typed prefixes, typos, plurals
/// and phrases in both languages: the index is a faster way to the same answers.
#[test]
fn the_index_answers_as_the_linear_scan_does() {
    let terms = support::committed_terms();
    for lang in Lang::ALL {
        let sources: Vec<_> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
        let index = LangIndex::build(lang, sources.clone());
        let scan = LinearScan::new(lang, sources.clone());
        let mut queries: Vec<String> = [
            "c",
            "ca",
            "canc",
            "cancr",
            "imunotherapy",
            "inmuno",
            "t lym",
            "clinical trials",
            "5fu",
            "otherapy",
            "leucemai",
            "cel",
            "medula osea",
            "car t",
            "hodgkins",
            "x",
            "zz",
        ]
        .map(str::to_owned)
        .to_vec();
        for source in sources.iter().step_by(397) {
            let name = normalize(&source.name);
            let chars: Vec<char> = name.chars().collect();
            for len in [3, 6, chars.len()] {
                queries.push(chars[..len.min(chars.len())].iter().collect());
            }
            if chars.len() > 6 {
                let mut typo = chars.clone();
                typo.swap(2, 3);
                queries.push(typo.iter().collect());
            }
        }
        for query in &queries {
            let from_index: Vec<u64> = index.suggest(query, 10).iter().map(|h| h.term.id).collect();
            assert_eq!(from_index, scan.suggest(query, 10), "{lang} {query:?}");
            let page = index.search(query, MatchMode::Smart, None, 10);
            let from_index: Vec<u64> = page.hits.iter().map(|h| h.term.id).collect();
            assert_eq!(
                from_index,
                scan.search(query, 10),
                "{lang} {query:?}: search"
            );
        }
    }
}
