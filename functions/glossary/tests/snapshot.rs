//! A snapshot of the index is the index: it decodes to one that encodes to the same bytes and
//! answers every query as the built one does; damaged or foreign bytes are errors, not panics.

// Only the committed terms are needed here, not the baseline beside them.
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;

use glossary::domain::{snapshot_format, LangIndex, MatchMode, SnapshotError};
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
        // What people type, over the whole glossary: every 40th name a character at a time.
        for source in terms
            .iter()
            .filter_map(|t| t.index_source(lang))
            .step_by(25)
        {
            let name: Vec<char> = source.name.chars().collect();
            for len in 1..=name.len().min(12) {
                let query: String = name[..len].iter().collect();
                assert_eq!(
                    loaded.search(&query, MatchMode::Smart, None, 20),
                    built.search(&query, MatchMode::Smart, None, 20),
                    "{lang} {query}"
                );
                assert_eq!(loaded.suggest(&query, 10), built.suggest(&query, 10));
            }
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

#[test]
fn snapshots_of_another_format_are_refused_not_misread() {
    let terms = support::committed_terms();
    let sources: Vec<_> = terms
        .iter()
        .take(50)
        .filter_map(|t| t.index_source(Lang::En))
        .collect();
    let bytes = LangIndex::build(Lang::En, sources).to_snapshot();

    // Format 1 (before the serde form): LZ4 around "IGIX", format 1, then the arrays.
    let mut legacy = b"IGIX".to_vec();
    legacy.extend_from_slice(&1u32.to_le_bytes());
    legacy.extend_from_slice(&bytes[8..]);
    let legacy = lz4_flex::compress_prepend_size(&legacy);
    assert_eq!(
        LangIndex::from_snapshot(&legacy).err(),
        Some(SnapshotError::NotASnapshot)
    );

    // The same layout stamped with another format (an older or newer build's fields).
    let other = snapshot_format().wrapping_add(1);
    let mut stamped = bytes.clone();
    stamped[4..8].copy_from_slice(&other.to_le_bytes());
    assert_eq!(
        LangIndex::from_snapshot(&stamped).err(),
        Some(SnapshotError::Format(other))
    );
    assert_ne!(snapshot_format(), 1, "never the legacy format's number");
    assert_eq!(snapshot_format(), snapshot_format(), "stable in a process");
}
