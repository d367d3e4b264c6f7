//! A snapshot of the index is the index: it decodes to one that encodes to the same bytes and,
//! with the definitions of its second piece, answers every query as the built one does; damaged
//! or foreign bytes are errors, not panics.

// Only the committed terms are needed here, not the baseline beside them.
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;

use glossary::domain::{
    snapshot_format, Definitions, Hit, IndexSource, LangIndex, MatchKind, MatchMode, Page,
    SnapshotError,
};
use shared::http::lang::Lang;

/// A hit as an answer shows it.
type Shown = (
    IndexSource,
    MatchKind,
    u8,
    String,
    bool,
    Vec<(u32, u32)>,
    Vec<u8>,
);

/// `hits` as shown: with the definition from `definitions` when given (the loaded index holds
/// none, as `app::Indexes` serves it), else the index's own.
fn shown(hits: &[Hit<'_>], definitions: Option<&Definitions>) -> Vec<Shown> {
    hits.iter()
        .map(|hit| {
            let mut term = hit.term.clone();
            if let Some(definitions) = definitions {
                assert_eq!(term.definition, None, "a loaded index holds no definitions");
                term.definition = definitions.get(term.id).map(str::to_owned);
            }
            let h = hit;
            (
                term,
                h.kind,
                h.typos,
                h.matched.to_owned(),
                h.on_alias,
                h.highlights.clone(),
                h.key.clone(),
            )
        })
        .collect()
}

fn page(page: Page<'_>, definitions: Option<&Definitions>) -> (Vec<Shown>, usize, Option<Vec<u8>>) {
    (shown(&page.hits, definitions), page.total, page.next)
}

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
        let with_definitions = sources.iter().filter(|s| s.definition.is_some()).count();
        let built = LangIndex::build(lang, sources);
        let bytes = built.to_snapshot();
        let loaded = LangIndex::from_snapshot(&bytes.index).unwrap();
        let definitions = Definitions::from_snapshot(&bytes.definitions).unwrap();
        let defs = Some(&definitions);
        assert_eq!(loaded.lang, lang);
        assert_eq!(loaded.len(), built.len());
        assert_eq!(definitions.len(), with_definitions);
        assert!(
            loaded.to_snapshot().index == bytes.index,
            "{lang}: the same bytes again"
        );
        assert!(
            bytes.definitions.len() > bytes.index.len() / 2,
            "{lang}: the definitions are a large share, kept out of the index"
        );
        for query in QUERIES {
            for mode in [MatchMode::Smart, MatchMode::Begins, MatchMode::Contains] {
                assert_eq!(
                    page(loaded.search(query, mode, None, 50), defs),
                    page(built.search(query, mode, None, 50), None),
                    "{lang} {query} {mode:?}"
                );
            }
            assert_eq!(
                shown(&loaded.suggest(query, 10), defs),
                shown(&built.suggest(query, 10), None)
            );
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
                    page(loaded.search(&query, MatchMode::Smart, None, 20), defs),
                    page(built.search(&query, MatchMode::Smart, None, 20), None),
                    "{lang} {query}"
                );
                assert_eq!(
                    shown(&loaded.suggest(&query, 10), defs),
                    shown(&built.suggest(&query, 10), None)
                );
            }
        }
        assert_eq!(
            page(loaded.browse(Some('t'), None, 30), defs),
            page(built.browse(Some('t'), None, 30), None)
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
    assert!(LangIndex::from_snapshot(&bytes.index).is_ok());
    assert!(Definitions::from_snapshot(&bytes.definitions).is_ok());
    assert_eq!(
        LangIndex::from_snapshot(b"not a snapshot").err(),
        Some(SnapshotError::NotASnapshot)
    );
    // One piece is not the other.
    assert_eq!(
        LangIndex::from_snapshot(&bytes.definitions).err(),
        Some(SnapshotError::NotASnapshot)
    );
    assert_eq!(
        Definitions::from_snapshot(&bytes.index).err(),
        Some(SnapshotError::NotASnapshot)
    );
    for cut in [bytes.index.len() / 2, bytes.index.len() - 1] {
        assert!(
            LangIndex::from_snapshot(&bytes.index[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    for cut in [bytes.definitions.len() / 2, bytes.definitions.len() - 1] {
        assert!(
            Definitions::from_snapshot(&bytes.definitions[..cut]).is_err(),
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
    let bytes = LangIndex::build(Lang::En, sources).to_snapshot().index;

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
