//! How the search indexes are loaded: from the seed command's snapshot when there is a usable
//! one, else built from the terms (slower, same answers); a warm instance picks up a newer one.

use std::sync::Arc;

use glossary::app::{publish_snapshot, snapshot_parts, Indexes};
use glossary::domain::{snapshot_format, MatchMode};
use glossary::store::{MemoryTermStore, SnapshotWriter, TermWriter};
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
        .map(|(lang, bytes)| (lang, bytes[..bytes.len() / 2].to_vec()))
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
