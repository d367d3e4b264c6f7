//! Sharing a story with an `Idempotency-Key`: retries, failures and races store one story and
//! give one answer.

use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::expect_problem;

use crate::stories_helpers::{spawn_stories_app, spawn_stories_app_with, valid_story};

#[tokio::test]
async fn the_same_idempotency_key_and_body_gets_the_same_answer_and_one_story() {
    let stories = spawn_stories_app().await;
    let body = valid_story(&stories.form_token().await);
    let first = stories.submit(&body, Some("key-1")).await;
    assert_eq!(first.status(), 202);
    let first: Value = first.json().await.unwrap();
    let again = stories.submit(&body, Some("key-1")).await;
    assert_eq!(again.status(), 202);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first, "same id and the same withdrawal token");
    assert_eq!(stories.queue("pending").await.len(), 1);

    let mut other = body.clone();
    other["title"] = json!("A different title");
    let problem = expect_problem(stories.submit(&other, Some("key-1")).await, 422).await;
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("different request body"));

    let bad_key = stories.submit(&body, Some(&"k".repeat(300))).await;
    let problem = expect_problem(bad_key, 400).await;
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn a_failed_request_does_not_burn_its_idempotency_key() {
    let stories = spawn_stories_app().await;
    let mut body = valid_story(&stories.form_token().await);
    body["role"] = json!("astronaut");
    expect_problem(stories.submit(&body, Some("key-2")).await, 400).await;
    body["role"] = json!("patient");
    assert_eq!(stories.submit(&body, Some("key-2")).await.status(), 202);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_store_one_story() {
    let stories = spawn_stories_app().await;
    let body = valid_story(&stories.form_token().await);
    let requests = (0..12).map(|_| stories.submit(&body, Some("racing-key")));
    let responses = futures::future::join_all(requests).await;
    let mut ids = std::collections::HashSet::new();
    for response in responses {
        match response.status().as_u16() {
            202 => {
                let answer: Value = response.json().await.unwrap();
                ids.insert(answer["id"].as_str().unwrap().to_owned());
            }
            409 => {
                expect_problem(response, 409).await;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(ids.len(), 1, "every success names the same story");
    assert_eq!(stories.queue("pending").await.len(), 1);
}

/// Writes that take a while, so that a second request arrives while the first runs; every
/// other port is the embedded store's own.
struct SlowWrites(std::sync::Arc<dyn stories::store::StoryWriter>);

#[async_trait::async_trait]
impl stories::store::StoryWriter for SlowWrites {
    async fn create(
        &self,
        story: &stories::domain::story::StoryRecord,
        audit: &stories::domain::story::AuditEntry,
    ) -> Result<stories::store::Created, shared::storage::StorageError> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.0.create(story, audit).await
    }

    async fn replace(
        &self,
        change: stories::store::Replacement<'_>,
    ) -> Result<stories::store::Replace, shared::storage::StorageError> {
        self.0.replace(change).await
    }
}

#[tokio::test]
async fn the_same_key_while_the_first_request_runs_waits_for_its_answer() {
    let embedded = stories::store::StoryPorts::of(stories::store::MemoryStoryStore::new());
    let stores = immunoguide::Stores {
        stories: stories::store::StoryPorts {
            writer: std::sync::Arc::new(SlowWrites(embedded.writer.clone())),
            ..embedded
        },
        ..immunoguide::Stores::empty()
    };
    let stories = spawn_stories_app_with(stores, |_| {}).await;
    let body = valid_story(&stories.form_token().await);
    let (first, second) = tokio::join!(stories.submit(&body, Some("slow-key")), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        stories.submit(&body, Some("slow-key")).await
    });
    assert_eq!(first.status(), 202);
    assert_eq!(second.status(), 202, "not a 409: it waited for the first");
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    let (first, second): (Value, Value) =
        (first.json().await.unwrap(), second.json().await.unwrap());
    assert_eq!(first, second);
    let replay = stories.submit(&body, Some("slow-key")).await;
    assert_eq!(
        replay.status(),
        202,
        "once finished, the answer is replayed"
    );
}
