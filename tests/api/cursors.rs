//! Every paginated route refuses a cursor it did not make (malformed, forged, out of range, or
//! another list's) with a 400 naming `cursor`, on the embedded stores and on DynamoDB Local
//! alike: no store ever sees such a cursor.

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use glossary::store::{DynamoTermStore, MemoryTermStore, TermWriter};
use immunoguide::Stores;
use serde_json::Value;

use crate::dynamodb_local;
use crate::helpers::{bundled_terms, expect_problem};
use crate::stories_helpers::{spawn_stories_app_with, StoriesApp};

const ID: &str = "0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e";

fn b64(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

/// Cursors no list made, each with why.
fn forged() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("not base64", "not a cursor!".to_owned()),
        ("padded base64", format!("{}=", b64("c2:stories:x"))),
        ("the old format", b64("c1:zzz")),
        (
            "a bare key",
            b64(&format!("2026-11-27T15:00:00.000000Z#{ID}")),
        ),
        ("an unknown list", b64("c2:other:zzz")),
        ("an empty key", b64("c2:stories:")),
        ("too long", "A".repeat(700)),
    ]
}

/// Keys of the stories' lists that are not positions.
fn bad_story_keys(list: &str) -> Vec<(&'static str, String)> {
    let key = |key: String| b64(&format!("c2:{list}:{key}"));
    vec![
        ("a forged key", key("zzz".to_owned())),
        (
            "a month out of range",
            key(format!("2026-13-27T15:00:00.000000Z#{ID}")),
        ),
        (
            "a year out of range",
            key(format!("+10000-11-27T15:00:00.000000Z#{ID}")),
        ),
        (
            "an instant not in the key's form",
            key(format!("2026-11-27T15:00:00Z#{ID}")),
        ),
        (
            "an id that is no story's",
            key("2026-11-27T15:00:00.000000Z#x".to_owned()),
        ),
        (
            "a key without an id",
            key("2026-11-27T15:00:00.000000Z#".to_owned()),
        ),
    ]
}

async fn assert_refused(response: reqwest::Response, what: &str, adapter: &str) {
    let problem = expect_problem(response, 400).await;
    assert_eq!(
        problem["errors"][0]["field"], "cursor",
        "{what} on {adapter}"
    );
    assert_eq!(problem["errors"][0]["in"], "query", "{what} on {adapter}");
}

async fn stories_on(adapter: &str) -> StoriesApp {
    let stores = match adapter {
        "embedded" => Stores::empty(),
        _ => {
            let client = dynamodb_local::client().await;
            let tables = dynamodb_local::fresh_tables(&client).await;
            Stores::dynamo(client, &tables)
        }
    };
    spawn_stories_app_with(stores, |_| {}).await
}

async fn next_cursor(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned()
}

async fn story_lists_refuse_cursors_they_did_not_make(adapter: &str) {
    let stories = stories_on(adapter).await;
    for _ in 0..2 {
        let id = stories.submit_valid(|_| {}).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        stories.clock.advance(std::time::Duration::from_secs(60));
        stories.approve(&id).await;
    }
    let stories = &stories;
    let queue = |cursor: &str| {
        let path = format!("/v1/moderation/stories?status=approved&limit=1&cursor={cursor}");
        async move {
            stories
                .as_moderator(reqwest::Method::GET, &path, None)
                .await
        }
    };
    let public = |cursor: &str| {
        let path = format!("/v1/stories?limit=1&cursor={cursor}");
        async move { stories.app.get(&path).await }
    };
    let public_cursor = next_cursor(stories.app.get("/v1/stories?limit=1").await).await;
    let queue_cursor = next_cursor(
        stories
            .as_moderator(
                reqwest::Method::GET,
                "/v1/moderation/stories?status=approved&limit=1",
                None,
            )
            .await,
    )
    .await;
    // Each list's own cursor still works.
    assert_eq!(public(&public_cursor).await.status(), 200, "{adapter}");
    assert_eq!(queue(&queue_cursor).await.status(), 200, "{adapter}");

    let mut for_public = forged();
    for_public.extend(bad_story_keys("stories"));
    for_public.push(("the moderation queue's cursor", queue_cursor));
    for_public.push(("a glossary cursor", b64("c2:glossary-terms:t cell")));
    for (what, cursor) in for_public {
        assert_refused(public(&cursor).await, what, adapter).await;
    }
    let mut for_queue = forged();
    for_queue.extend(bad_story_keys("moderation-queue"));
    for_queue.push(("the public list's cursor", public_cursor));
    for (what, cursor) in for_queue {
        assert_refused(queue(&cursor).await, what, adapter).await;
    }
}

async fn glossary_lists_refuse_cursors_they_did_not_make(adapter: &str) {
    // A few dozen terms named with "cancer": several pages of browsing and of searching.
    let terms: Vec<_> = bundled_terms()
        .iter()
        .filter(|term| term.en.name.contains("cancer"))
        .take(30)
        .cloned()
        .collect();
    let glossary = match adapter {
        "embedded" => glossary::Adapters::on(Arc::new(MemoryTermStore::with_terms(terms))),
        _ => {
            let client = dynamodb_local::client().await;
            let tables = dynamodb_local::fresh_tables(&client).await;
            let store = DynamoTermStore::new(client, tables.glossary);
            store.sync_terms(&terms).await.unwrap();
            glossary::Adapters::on(Arc::new(store))
        }
    };
    let app = crate::stories_helpers::spawn_stories_app_with(
        Stores {
            glossary,
            ..Stores::empty()
        },
        |_| {},
    )
    .await
    .app;
    let browse_cursor = next_cursor(app.get("/v1/glossary/terms?lang=en&limit=1").await).await;
    let search_cursor = next_cursor(
        app.get("/v1/glossary/search?lang=en&q=cancer&limit=1")
            .await,
    )
    .await;
    let browse = |cursor: &str| format!("/v1/glossary/terms?lang=en&limit=1&cursor={cursor}");
    let search =
        |cursor: &str| format!("/v1/glossary/search?lang=en&q=cancer&limit=1&cursor={cursor}");
    assert_eq!(app.get(&browse(&browse_cursor)).await.status(), 200);
    assert_eq!(app.get(&search(&search_cursor)).await.status(), 200);

    let story_cursor = b64(&format!("c2:stories:2026-11-27T15:00:00.000000Z#{ID}"));
    let mut for_browse = forged();
    for_browse.push(("the search's cursor", search_cursor));
    for_browse.push(("a stories cursor", story_cursor.clone()));
    for (what, cursor) in for_browse {
        assert_refused(app.get(&browse(&cursor)).await, what, adapter).await;
    }
    let mut for_search = forged();
    for_search.push(("the A–Z list's cursor", browse_cursor));
    for_search.push(("a stories cursor", story_cursor));
    for (what, cursor) in for_search {
        assert_refused(app.get(&search(&cursor)).await, what, adapter).await;
    }
}

macro_rules! on_both_adapters {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case("embedded").await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case("dynamodb").await;
            }
        }
    )*};
}

on_both_adapters!(
    story_lists_refuse_cursors_they_did_not_make,
    glossary_lists_refuse_cursors_they_did_not_make,
);
