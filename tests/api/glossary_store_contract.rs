//! One contract for the glossary store, run against both adapters: the embedded store and the
//! DynamoDB adapter on a real DynamoDB Local.

use glossary::app::{publish_snapshot, snapshot_parts};
use glossary::domain::{snapshot_format, Definitions, LangIndex, MatchMode, Term};
use glossary::store::{
    DefinitionReader, DynamoTermStore, IndexSourceReader, MemoryTermStore, Piece, SnapshotReader,
    SnapshotWriter, SyncReport, TermReader, TermWriter,
};
use shared::http::lang::Lang;

use crate::dynamodb_local;
use crate::helpers::bundled_terms;

trait TermStore:
    TermReader + IndexSourceReader + DefinitionReader + TermWriter + SnapshotReader + SnapshotWriter
{
}
impl<
        T: TermReader
            + IndexSourceReader
            + DefinitionReader
            + TermWriter
            + SnapshotReader
            + SnapshotWriter,
    > TermStore for T
{
}

async fn dynamo_store() -> DynamoTermStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoTermStore::new(client, tables.glossary)
}

/// A few real terms: T cell, the two CTX, a term without Spanish, one with related links.
fn sample() -> Vec<Term> {
    bundled_terms()
        .iter()
        .filter(|t| [44928, 635728, 653110, 339330, 45720, 46570].contains(&t.id))
        .cloned()
        .collect()
}

macro_rules! contract {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case(glossary::store::MemoryTermStore::new()).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case(super::dynamo_store().await).await;
            }
        }
    )*};
}

contract!(
    terms_are_found_by_slug_in_each_language_and_by_id,
    syncs_report_created_unchanged_updated_and_removed,
    index_sources_hold_one_language,
    definitions_are_read_by_slug,
    unknown_terms_are_none,
    snapshots_are_stored_whole_and_versioned,
);

async fn terms_are_found_by_slug_in_each_language_and_by_id(store: impl TermStore) {
    let terms = sample();
    store.sync_terms(&terms).await.unwrap();
    let t_cell = terms.iter().find(|t| t.id == 44928).unwrap();
    assert_eq!(
        store.by_slug(Lang::En, "t-cell").await.unwrap().as_ref(),
        Some(t_cell)
    );
    assert_eq!(
        store.by_slug(Lang::Es, "celula-t").await.unwrap().as_ref(),
        Some(t_cell)
    );
    assert_eq!(
        store.by_slug(Lang::Es, "t-cell").await.unwrap(),
        None,
        "slugs are per language"
    );
    assert_eq!(store.by_id(44928).await.unwrap().as_ref(), Some(t_cell));
    let second_ctx = store
        .by_slug(Lang::En, "ctx-653110")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second_ctx.id, 653110);
    let english_only = store.by_id(339330).await.unwrap().unwrap();
    assert!(english_only.es.is_none());
}

async fn syncs_report_created_unchanged_updated_and_removed(store: impl TermStore) {
    let mut terms = sample();
    let items = terms.iter().map(|t| t.langs().count()).sum::<usize>();
    let first = store.sync_terms(&terms).await.unwrap();
    assert_eq!(
        first,
        SyncReport {
            created: items,
            ..SyncReport::default()
        }
    );
    let second = store.sync_terms(&terms).await.unwrap();
    assert_eq!(
        second,
        SyncReport {
            unchanged: items,
            ..SyncReport::default()
        }
    );

    // An edited definition is an update of both language items; a dropped term is removed.
    let t_cell = terms.iter_mut().find(|t| t.id == 44928).unwrap();
    t_cell.en.definitions[0].text.push_str(" Edited.");
    let removed = terms.iter().position(|t| t.id == 339330).unwrap();
    terms.remove(removed);
    let third = store.sync_terms(&terms).await.unwrap();
    assert_eq!(
        third,
        SyncReport {
            created: 0,
            updated: 2,
            unchanged: items - 3,
            removed: 1
        }
    );
    assert!(store.by_id(339330).await.unwrap().is_none());
    let stored = store.by_slug(Lang::Es, "celula-t").await.unwrap().unwrap();
    assert!(stored.en.definitions[0].text.ends_with("Edited."));

    // A renamed slug leaves no stale item behind.
    let t_cell = terms.iter_mut().find(|t| t.id == 44928).unwrap();
    t_cell.en.slug = "t-cell-renamed".to_owned();
    let fourth = store.sync_terms(&terms).await.unwrap();
    assert_eq!((fourth.created, fourth.updated, fourth.removed), (1, 1, 1));
    assert!(store.by_slug(Lang::En, "t-cell").await.unwrap().is_none());
    assert_eq!(
        store.by_id(44928).await.unwrap().unwrap().en.slug,
        "t-cell-renamed"
    );
}

async fn index_sources_hold_one_language(store: impl TermStore) {
    store.sync_terms(&sample()).await.unwrap();
    let mut english = store.index_sources(Lang::En).await.unwrap();
    english.sort_by_key(|s| s.id);
    assert_eq!(english.len(), 6);
    let t_cell = english.iter().find(|s| s.id == 44928).unwrap();
    assert_eq!(t_cell.name, "T cell");
    assert_eq!(t_cell.slug, "t-cell");
    assert_eq!(t_cell.aliases, ["T lymphocyte", "thymocyte"]);
    assert!(t_cell
        .definition
        .as_deref()
        .unwrap()
        .starts_with("A type of white blood cell."));
    let spanish = store.index_sources(Lang::Es).await.unwrap();
    assert_eq!(spanish.len(), 5, "the term without Spanish is not listed");
    assert!(spanish.iter().any(|s| s.name == "célula T"));
}

async fn definitions_are_read_by_slug(store: impl TermStore) {
    store.sync_terms(&sample()).await.unwrap();
    for lang in Lang::ALL {
        let sources = store.index_sources(lang).await.unwrap();
        let mut slugs: Vec<&str> = sources.iter().map(|s| s.slug.as_str()).collect();
        slugs.push("no-such-term");
        let found = store.definitions(lang, &slugs).await.unwrap();
        for source in &sources {
            assert_eq!(
                found.get(&source.slug),
                source.definition.as_ref(),
                "{lang} {}",
                source.slug
            );
        }
        assert_eq!(
            found.len(),
            sources.iter().filter(|s| s.definition.is_some()).count()
        );
    }
    assert!(store
        .definitions(Lang::Es, &["t-cell"])
        .await
        .unwrap()
        .is_empty());
}

async fn unknown_terms_are_none(store: impl TermStore) {
    assert!(store.by_slug(Lang::En, "t-cell").await.unwrap().is_none());
    assert!(store.by_id(44928).await.unwrap().is_none());
    assert!(store.index_sources(Lang::Es).await.unwrap().is_empty());
}

async fn snapshots_are_stored_whole_and_versioned(store: impl TermStore) {
    assert_eq!(store.snapshot_head().await.unwrap(), None);
    let mut terms = sample();
    let first = publish_snapshot(&store, &terms).await.unwrap();
    assert!(first.written);
    let head = store.snapshot_head().await.unwrap().unwrap();
    assert_eq!(
        (head.format, &head.version),
        (snapshot_format(), &first.version)
    );
    assert_eq!(head.parts.len(), 4, "an index and definitions per language");
    for (lang, piece, bytes) in snapshot_parts(&terms) {
        assert_eq!(
            store.snapshot_part(&head, lang, piece).await.unwrap(),
            Some(bytes)
        );
    }
    let again = publish_snapshot(&store, &terms).await.unwrap();
    assert_eq!((again.written, &again.version), (false, &first.version));

    // Each change is a new version; a snapshot two versions old is gone, not half there.
    terms.pop();
    let second = publish_snapshot(&store, &terms).await.unwrap();
    assert!(second.written && second.version != first.version);
    terms.pop();
    publish_snapshot(&store, &terms).await.unwrap();
    for piece in Piece::ALL {
        assert_eq!(
            store.snapshot_part(&head, Lang::En, piece).await.unwrap(),
            None
        );
    }
    let current = store.snapshot_head().await.unwrap().unwrap();
    for piece in Piece::ALL {
        assert!(store
            .snapshot_part(&current, Lang::Es, piece)
            .await
            .unwrap()
            .is_some());
    }
}

#[tokio::test]
async fn the_whole_glossary_round_trips_through_dynamodb() {
    let store = dynamo_store().await;
    let report = store.sync_terms(bundled_terms()).await.unwrap();
    assert_eq!(report.created, 8092 + 7916);
    let again = store.sync_terms(bundled_terms()).await.unwrap();
    assert_eq!(again.unchanged, 8092 + 7916);
    assert_eq!(again.created + again.updated + again.removed, 0);
    let memory = MemoryTermStore::with_terms(bundled_terms().to_vec());
    for lang in Lang::ALL {
        let mut from_dynamo = store.index_sources(lang).await.unwrap();
        let mut from_memory = memory.index_sources(lang).await.unwrap();
        from_dynamo.sort_by_key(|s| s.id);
        from_memory.sort_by_key(|s| s.id);
        assert!(
            from_dynamo == from_memory,
            "{lang}: the index loads the same terms"
        );
    }
    for term in bundled_terms().iter().step_by(997) {
        assert_eq!(store.by_id(term.id).await.unwrap().as_ref(), Some(term));
    }
    // The whole snapshot takes several chunks per piece, read back in order.
    publish_snapshot(&store, bundled_terms()).await.unwrap();
    let head = store.snapshot_head().await.unwrap().unwrap();
    assert!(head.parts.iter().all(|p| p.chunks > 1), "{head:?}");
    for (lang, piece, bytes) in snapshot_parts(bundled_terms()) {
        assert!(store.snapshot_part(&head, lang, piece).await.unwrap() == Some(bytes));
    }
    let items = store.index_sources(Lang::En).await.unwrap().len();
    assert_eq!(items, 8092, "the snapshot is not in a language's partition");

    // Served from the snapshot, the whole glossary answers as an index built from the table,
    // and its definitions are the table's.
    for lang in Lang::ALL {
        let part = |piece| store.snapshot_part(&head, lang, piece);
        let loaded = LangIndex::from_snapshot(&part(Piece::Index).await.unwrap().unwrap()).unwrap();
        let definitions =
            Definitions::from_snapshot(&part(Piece::Definitions).await.unwrap().unwrap()).unwrap();
        let sources = store.index_sources(lang).await.unwrap();
        for source in &sources {
            assert_eq!(definitions.get(source.id), source.definition.as_deref());
        }
        // Built from the whole items (the definitions feed the popularity prior), compared
        // below by everything a hit is but its definition, which the index piece does not hold.
        let built = LangIndex::build(lang, sources.clone());
        for source in sources.iter().step_by(60) {
            let name: Vec<char> = source.name.chars().collect();
            for len in [1, 2, 4, 7, name.len()] {
                let query: String = name[..len.min(name.len())].iter().collect();
                assert_eq!(
                    without_definitions(loaded.search(&query, MatchMode::Smart, None, 20)),
                    without_definitions(built.search(&query, MatchMode::Smart, None, 20)),
                    "{lang} {query}"
                );
                assert_eq!(
                    shown(&loaded.suggest(&query, 10)),
                    shown(&built.suggest(&query, 10))
                );
            }
        }
    }
}

/// A page of hits as the index piece can give it: each hit's term without its definition.
fn without_definitions(page: glossary::domain::Page<'_>) -> String {
    format!("{}{} {:?}", shown(&page.hits), page.total, page.next)
}

/// Hits by everything they are but their term's definition.
fn shown(hits: &[glossary::domain::Hit<'_>]) -> String {
    let mut shown = String::new();
    for hit in hits {
        let term = glossary::domain::IndexSource {
            definition: None,
            ..hit.term.clone()
        };
        let hit = glossary::domain::Hit {
            term: &term,
            ..hit.clone()
        };
        shown.push_str(&format!("{hit:?}\n"));
    }
    shown
}
