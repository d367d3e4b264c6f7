//! One contract for the page store, run against both adapters: the embedded store and the
//! DynamoDB adapter on a real DynamoDB Local.

use content::domain::{parse_page, Page, Slug};
use content::store::{DynamoPageStore, PageReader, PageWriter, PutOutcome};
use shared::http::lang::Lang;

use crate::dynamodb_local;
use crate::helpers::page_source;

trait PageStore: PageReader + PageWriter {}
impl<T: PageReader + PageWriter> PageStore for T {}

fn page(slug: &str, lang: &str, title: &str) -> Page {
    parse_page(&page_source(slug, lang, title)).unwrap()
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

async fn dynamo_store() -> DynamoPageStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoPageStore::new(client, tables.content)
}

/// Runs one contract case against each adapter.
macro_rules! contract {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case(content::store::MemoryPageStore::new()).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case(super::dynamo_store().await).await;
            }
        }
    )*};
}

contract!(
    puts_report_created_then_unchanged_then_updated,
    translations_hold_every_language_in_order,
    lists_hold_one_language_ordered_by_slug,
    unknown_pages_have_no_translations,
    pages_round_trip_exactly,
);

async fn puts_report_created_then_unchanged_then_updated(store: impl PageStore) {
    let original = page("about", "en", "About");
    assert_eq!(
        store.put_page(&original).await.unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store.put_page(&original).await.unwrap(),
        PutOutcome::Unchanged
    );
    let edited = page("about", "en", "About us");
    assert_eq!(store.put_page(&edited).await.unwrap(), PutOutcome::Updated);
    assert_eq!(
        store.translations(&slug("about")).await.unwrap(),
        vec![edited]
    );
}

async fn translations_hold_every_language_in_order(store: impl PageStore) {
    let spanish = page("about", "es", "Acerca de");
    let english = page("about", "en", "About");
    store.put_page(&spanish).await.unwrap();
    store.put_page(&english).await.unwrap();
    store.put_page(&page("other", "en", "Other")).await.unwrap();
    assert_eq!(
        store.translations(&slug("about")).await.unwrap(),
        vec![english, spanish]
    );
}

async fn lists_hold_one_language_ordered_by_slug(store: impl PageStore) {
    for (slug, lang, title) in [
        ("zeta", "en", "Zeta"),
        ("alpha", "en", "Alpha"),
        ("alpha", "es", "Alfa"),
    ] {
        store.put_page(&page(slug, lang, title)).await.unwrap();
    }
    let english = store.list_pages(Lang::En).await.unwrap();
    let slugs: Vec<_> = english
        .iter()
        .map(|summary| summary.slug.as_str())
        .collect();
    assert_eq!(slugs, ["alpha", "zeta"]);
    assert_eq!(english[0].title, "Alpha");
    assert_eq!(english[0].summary, "About Alpha.");
    assert_eq!(
        english[0].updated_at.to_rfc3339(),
        "2026-01-01T00:00:00+00:00"
    );
    let spanish = store.list_pages(Lang::Es).await.unwrap();
    assert_eq!(spanish.len(), 1);
    assert_eq!(spanish[0].title, "Alfa");
}

async fn unknown_pages_have_no_translations(store: impl PageStore) {
    assert!(store
        .translations(&slug("missing"))
        .await
        .unwrap()
        .is_empty());
    assert!(store.list_pages(Lang::Es).await.unwrap().is_empty());
}

async fn pages_round_trip_exactly(store: impl PageStore) {
    let pages =
        content::domain::load_pages(&immunoguide::default_content_dir().join("pages")).unwrap();
    assert!(pages.len() >= 2, "the repository ships pages");
    for page in &pages {
        store.put_page(page).await.unwrap();
    }
    for page in &pages {
        let stored = store.translations(&slug(&page.slug)).await.unwrap();
        assert!(
            stored.contains(page),
            "{}/{} round-trips",
            page.slug,
            page.lang
        );
    }
}
