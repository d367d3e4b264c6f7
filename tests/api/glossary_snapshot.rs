//! How the search indexes are loaded: from the seed command's snapshot when there is a usable
//! one, else built from the terms (slower, same answers); a warm instance picks up a newer one.

use std::sync::Arc;

use glossary::app::{self, publish_snapshot, snapshot_parts, Indexes, Results, TermHit};
use glossary::domain::{snapshot_format, MatchMode};
use glossary::store::{MemoryTermStore, Piece, SnapshotWriter, TermWriter};
use shared::http::lang::Lang;

use crate::helpers::bundled_terms;

/// A glossary of `n` real terms.
fn terms(n: usize) -> Vec<glossary::domain::Term> {
    bundled_terms()[..n].to_vec()
}

async fn names(indexes: &Indexes, lang: Lang) -> usize {
    indexes.index(lang).await.unwrap().len()
}

#[tokio::test]
async fn the_snapshot_is_what_the_indexes_serve() {
    let store = Arc::new(MemoryTermStore::with_terms(terms(300)));
    // A snapshot of fewer terms than the table: what is served tells where it came from.
    publish_snapshot(store.as_ref(), &terms(200)).await.unwrap();
    let indexes = Indexes::new(store.clone());
    indexes.warm().await.unwrap();
    assert_eq!(names(&indexes, Lang::En).await, 200);
    let hits = indexes
        .index(Lang::En)
        .await
        .unwrap()
        .search(&terms(1)[0].en.name, MatchMode::Smart, None, 5)
        .total;
    assert!(hits > 0);
}

#[tokio::test]
async fn without_a_usable_snapshot_the_indexes_are_built_from_the_terms() {
    // None at all.
    let store = Arc::new(MemoryTermStore::with_terms(terms(300)));
    assert_eq!(names(&Indexes::new(store.clone()), Lang::En).await, 300);

    // One of another format (written by an older or newer build).
    let parts = snapshot_parts(&terms(200));
    store
        .put_snapshot(snapshot_format().wrapping_add(1), "other-format", &parts)
        .await
        .unwrap();
    assert_eq!(names(&Indexes::new(store.clone()), Lang::En).await, 300);

    // One that an older build wrote (format 1, before the serde form), as it left the table.
    store.put_snapshot(1, "legacy", &parts).await.unwrap();
    assert_eq!(names(&Indexes::new(store.clone()), Lang::En).await, 300);

    // One whose bytes are damaged.
    let damaged: Vec<_> = parts
        .into_iter()
        .map(|(lang, piece, bytes)| (lang, piece, bytes[..bytes.len() / 2].to_vec()))
        .collect();
    store
        .put_snapshot(snapshot_format(), "damaged", &damaged)
        .await
        .unwrap();
    let indexes = Indexes::new(store.clone());
    indexes.warm().await.unwrap();
    assert_eq!(names(&indexes, Lang::En).await, 300);
    assert!(names(&indexes, Lang::Es).await > 250);
}

#[tokio::test]
async fn a_warm_instance_serves_a_newer_snapshot_once_it_looks() {
    let store = Arc::new(MemoryTermStore::new());
    store.sync_terms(&terms(200)).await.unwrap();
    publish_snapshot(store.as_ref(), &terms(200)).await.unwrap();
    let indexes = Indexes::new(store.clone());
    indexes.warm().await.unwrap();
    assert!(!indexes.refresh().await.unwrap(), "nothing newer yet");

    // A re-seed with more terms.
    store.sync_terms(&terms(300)).await.unwrap();
    publish_snapshot(store.as_ref(), &terms(300)).await.unwrap();
    assert_eq!(names(&indexes, Lang::En).await, 200, "until it looks");
    assert!(indexes.refresh().await.unwrap());
    assert_eq!(names(&indexes, Lang::En).await, 300);
    assert!(!indexes.refresh().await.unwrap());
}

/// What the search routes answer for a few typed queries in both languages.
async fn answers(indexes: &Indexes) -> Vec<(Results, Vec<TermHit>)> {
    let mut all = Vec::new();
    for (lang, query) in [
        (Lang::En, "c"),
        (Lang::En, "ab"),
        (Lang::En, "abdom"),
        (Lang::En, "abdominl"),
        (Lang::Es, "a"),
        (Lang::Es, "abdomen"),
    ] {
        let search = app::search(indexes, lang, query, MatchMode::Smart, None, 100)
            .await
            .unwrap();
        let suggest = app::suggest(indexes, lang, query, 20).await.unwrap();
        all.push((search, suggest));
    }
    let browsed = app::browse(indexes, Lang::Es, Some('c'), None, 100)
        .await
        .unwrap();
    all.push((browsed.results, Vec::new()));
    all
}

/// Waits up to five seconds for a background load (started by the first answer) to be `done`.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("{what} was not loaded");
}

async fn definitions_loaded(indexes: &Indexes) {
    eventually("the definitions", || {
        Lang::ALL.iter().all(|&l| indexes.definitions_loaded(l))
    })
    .await;
}

#[tokio::test]
async fn answers_carry_the_same_definitions_before_and_after_they_are_loaded() {
    let store = Arc::new(MemoryTermStore::with_terms(terms(300)));
    let built = answers(&Indexes::new(store.clone())).await;
    assert!(built
        .iter()
        .flat_map(|(r, s)| r.hits.iter().chain(s))
        .all(|hit| hit.term.definition.is_some()));
    publish_snapshot(store.as_ref(), &terms(300)).await.unwrap();

    let indexes = Indexes::new(store.clone());
    indexes.warm().await.unwrap();
    assert!(!indexes.definitions_loaded(Lang::En), "not at start");
    // The first answers read their definitions from the terms, and start loading the rest.
    assert_eq!(answers(&indexes).await, built);
    definitions_loaded(&indexes).await;
    assert_eq!(
        answers(&indexes).await,
        built,
        "from the snapshot's definitions"
    );

    // With the definitions piece gone, answers keep reading them from the terms.
    let parts: Vec<_> = snapshot_parts(&terms(300))
        .into_iter()
        .filter(|(_, piece, _)| *piece == Piece::Index)
        .collect();
    store
        .put_snapshot(snapshot_format(), "index-only", &parts)
        .await
        .unwrap();
    let indexes = Indexes::new(store.clone());
    assert_eq!(answers(&indexes).await, built);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(!indexes.definitions_loaded(Lang::En));
    assert_eq!(answers(&indexes).await, built);
}

#[tokio::test]
async fn a_cold_start_loads_the_asked_language_and_the_other_after_the_answer() {
    let store = Arc::new(MemoryTermStore::with_terms(terms(300)));
    publish_snapshot(store.as_ref(), &terms(300)).await.unwrap();
    let indexes = Indexes::new(store.clone());
    indexes.prepare().await.unwrap();
    assert!(
        Lang::ALL.iter().all(|&l| !indexes.is_loaded(l)),
        "the head only"
    );

    let spanish = terms(300)
        .iter()
        .find_map(|t| Some(t.entry(Lang::Es)?.name.clone()))
        .unwrap();
    let first = app::search(&indexes, Lang::Es, &spanish, MatchMode::Smart, None, 10)
        .await
        .unwrap();
    assert!(first.total > 0);
    // The test runtime runs one task at a time: the background load has not started yet.
    assert!(indexes.is_loaded(Lang::Es));
    assert!(!indexes.is_loaded(Lang::En), "not before the answer");
    eventually("the English index", || indexes.is_loaded(Lang::En)).await;
    definitions_loaded(&indexes).await;
    assert_eq!(names(&indexes, Lang::En).await, 300);
}

#[tokio::test]
async fn the_two_languages_never_serve_two_snapshot_versions() {
    let store = Arc::new(MemoryTermStore::with_terms(terms(300)));
    publish_snapshot(store.as_ref(), &terms(300)).await.unwrap();
    let indexes = Indexes::new(store.clone());
    indexes.prepare().await.unwrap();
    app::search(&indexes, Lang::En, "abdomen", MatchMode::Smart, None, 10)
        .await
        .unwrap();
    assert_eq!(names(&indexes, Lang::En).await, 300);
    // A re-seed lands before the other language's background load reads the head.
    publish_snapshot(store.as_ref(), &terms(200)).await.unwrap();
    eventually("the Spanish index", || indexes.is_loaded(Lang::Es)).await;
    assert_eq!(
        names(&indexes, Lang::En).await,
        200,
        "reloaded with Spanish"
    );
    assert!(names(&indexes, Lang::Es).await <= 200);
    assert!(
        !indexes.refresh().await.unwrap(),
        "both stand for the new version"
    );
}
