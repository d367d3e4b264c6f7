//! A snapshot of the index is the index: it decodes to one that encodes to the same bytes and
//! answers every query as the built one does; damaged or foreign bytes are errors, not panics.

// Only the committed terms are needed here, not the baseline beside them.
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;

use glossary::domain::{LangIndex, MatchMode, SnapshotError};
use shared::http::lang::Lang;

const QUERIES: [&str; 14] = [
    "c",
    "ca",
    "canc",
    "cancr",
    "imunotherapy",
    "inmuno",
    "t lym",
    "5fu",
    "otherapy",
    "leucemai",
    "medula osea",
    "car t",
    "hodgkins",
    "zz",
];

#[test]
fn a_snapshot_round_trips_to_an_index_that_answers_alike() {
    let terms = support::committed_terms();
    for lang in Lang::ALL {
        let sources: Vec<_> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
        let built = LangIndex::build(lang, sources);
        let bytes = built.to_snapshot();
        let loaded = LangIndex::from_snapshot(&bytes).unwrap();
        assert_eq!(loaded.lang, lang);
        assert_eq!(loaded.len(), built.len());
        assert!(
            loaded.to_snapshot() == bytes,
            "{lang}: the same bytes again"
        );
        for query in QUERIES {
            for mode in [MatchMode::Smart, MatchMode::Begins, MatchMode::Contains] {
                assert_eq!(
                    loaded.search(query, mode, None, 50),
                    built.search(query, mode, None, 50),
                    "{lang} {query} {mode:?}"
                );
            }
            assert_eq!(loaded.suggest(query, 10), built.suggest(query, 10));
        }
        assert_eq!(
            loaded.browse(Some('t'), None, 30),
            built.browse(Some('t'), None, 30)
        );
        assert!(loaded.letter_counts().eq(built.letter_counts()));
    }
}

#[test]
fn damaged_snapshots_are_errors() {
    let terms = support::committed_terms();
    let sources: Vec<_> = terms
        .iter()
        .take(300)
        .filter_map(|t| t.index_source(Lang::En))
        .collect();
    let bytes = LangIndex::build(Lang::En, sources).to_snapshot();
    assert!(LangIndex::from_snapshot(&bytes).is_ok());
    assert_eq!(
        LangIndex::from_snapshot(b"not a snapshot").err(),
        Some(SnapshotError::NotASnapshot)
    );
    for cut in [bytes.len() / 2, bytes.len() - 1] {
        assert!(
            LangIndex::from_snapshot(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}
