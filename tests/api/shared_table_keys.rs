//! Every key the form functions write to the tables they share (rate limits and spent form
//! tokens, idempotency records) starts with the function's own form: the template's
//! `dynamodb:LeadingKeys` conditions (`stories#*`, `community#*`) allow nothing else, so a key
//! outside them would be an AccessDenied in AWS (tests/api/template_abuse.rs checks that side).

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use immunoguide::Stores;
use serde_json::Value;
use shared::forms::idempotency::{
    Begin, Claim, IdempotencyStore, MemoryIdempotencyStore, StoredResponse,
};
use shared::forms::rate_limit::{MemoryRateLimitStore, RateLimitStore};
use shared::forms::spent_tokens::{MemorySpentTokenStore, Spend, SpentTokenStore};
use shared::storage::{Lifetime, StorageError};

use crate::community_helpers::{signup_body, spawn_community_app_with};
use crate::stories_helpers::{spawn_stories_app_with, valid_story};

/// The embedded stores, noting every key they are asked for.
#[derive(Default)]
struct Recording {
    keys: Mutex<Vec<String>>,
    rate_limits: MemoryRateLimitStore,
    idempotency: MemoryIdempotencyStore,
    spent: MemorySpentTokenStore,
}

impl Recording {
    fn note(&self, key: &str) {
        self.keys.lock().unwrap().push(key.to_owned());
    }
}

#[async_trait]
impl RateLimitStore for Recording {
    async fn hit(&self, key: &str, life: Lifetime) -> Result<u64, StorageError> {
        self.note(key);
        self.rate_limits.hit(key, life).await
    }
}

#[async_trait]
impl SpentTokenStore for Recording {
    async fn spend(&self, key: &str, life: Lifetime) -> Result<Spend, StorageError> {
        self.note(key);
        self.spent.spend(key, life).await
    }

    async fn unspend(&self, key: &str) -> Result<(), StorageError> {
        self.note(key);
        self.spent.unspend(key).await
    }
}

#[async_trait]
impl IdempotencyStore for Recording {
    async fn begin(&self, claim: Claim<'_>) -> Result<Begin, StorageError> {
        self.note(claim.key);
        self.idempotency.begin(claim).await
    }

    async fn complete(
        &self,
        claim: Claim<'_>,
        response: &StoredResponse,
    ) -> Result<(), StorageError> {
        self.note(claim.key);
        self.idempotency.complete(claim, response).await
    }

    async fn release(&self, key: &str) -> Result<(), StorageError> {
        self.note(key);
        self.idempotency.release(key).await
    }
}

fn recording_stores() -> (Stores, Arc<Recording>) {
    let recording = Arc::new(Recording::default());
    let stores = Stores {
        rate_limits: recording.clone(),
        idempotency: recording.clone(),
        spent_tokens: recording.clone(),
        ..Stores::empty()
    };
    (stores, recording)
}

fn assert_prefixed(recording: &Recording, prefix: &str, at_least: usize) {
    let keys = recording.keys.lock().unwrap();
    assert!(keys.len() >= at_least, "{keys:?}");
    for key in keys.iter() {
        assert!(
            key.starts_with(prefix),
            "{key} does not start with {prefix}"
        );
    }
}

#[tokio::test]
async fn the_stories_function_keys_the_shared_tables_under_stories() {
    let (stores, recording) = recording_stores();
    let stories = spawn_stories_app_with(stores, |options| {
        options.stories.common.form.rate_limit.limit = 1;
    })
    .await;
    let tokens = stories
        .app
        .form_tokens("/v1/stories/form?lang=en", &stories.clock, 3)
        .await;
    // Accepted, replayed, refused (rate limit: the token is given back), refused (reused).
    let accepted = stories.submit(&valid_story(&tokens[0]), Some("k1")).await;
    assert_eq!(accepted.status(), 202);
    let replayed = stories.submit(&valid_story(&tokens[0]), Some("k1")).await;
    assert_eq!(replayed.status(), 202);
    let limited = stories.submit(&valid_story(&tokens[1]), Some("k2")).await;
    assert_eq!(limited.status(), 429);
    let reused = stories.submit(&valid_story(&tokens[0]), None).await;
    assert_eq!(reused.status(), 429, "the rate limit comes first");
    // Rate limits, a spent token, idempotency records: each kind of key was seen.
    assert_prefixed(&recording, "stories#", 6);
}

#[tokio::test]
async fn the_community_function_keys_the_shared_tables_under_community() {
    let (stores, recording) = recording_stores();
    let community = spawn_community_app_with(stores, |_| {}).await;
    let tokens = community.form_tokens(2).await;
    let body: Value = signup_body("keys@example.org", &tokens[0]);
    let response = community
        .app
        .client
        .post(community.app.url("/v1/community/signups"))
        .header("idempotency-key", "k1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(community.mails_to("keys@example.org").len(), 1);
    let reused = community
        .post(
            "/v1/community/signups",
            &signup_body("other@example.org", &tokens[0]),
        )
        .await;
    assert_eq!(reused.status(), 400);
    // Rate limit, mailbox cap, send budget, spent token, idempotency claim and answer.
    assert_prefixed(&recording, "community#", 6);
}
