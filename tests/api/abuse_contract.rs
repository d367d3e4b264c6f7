//! The shared abuse-prevention stores (rate limits, idempotency records, spent form tokens) on
//! both adapters, and
//! the Turnstile CAPTCHA adapter against a stand-in for Cloudflare's siteverify API.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use shared::forms::idempotency::{
    Begin, Claim, DynamoIdempotencyStore, IdempotencyStore, StoredResponse,
};
use shared::forms::rate_limit::{DynamoRateLimitStore, RateLimitStore};
use shared::forms::spent_tokens::{DynamoSpentTokenStore, Spend, SpentTokenStore};
use shared::storage::Lifetime;

use crate::dynamodb_local;

async fn dynamo_rate_limits() -> DynamoRateLimitStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoRateLimitStore::new(client, tables.rate_limits)
}

async fn dynamo_spent_tokens() -> DynamoSpentTokenStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoSpentTokenStore::new(client, tables.rate_limits)
}

async fn dynamo_idempotency() -> DynamoIdempotencyStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoIdempotencyStore::new(client, tables.idempotency)
}

macro_rules! contract {
    ($memory:expr, $dynamo:ident; $($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case(std::sync::Arc::new($memory)).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case(std::sync::Arc::new(super::$dynamo().await)).await;
            }
        }
    )*};
}

contract!(shared::forms::rate_limit::MemoryRateLimitStore::default(), dynamo_rate_limits;
    hits_are_counted_per_key,
    concurrent_hits_are_never_lost,
);

contract!(shared::forms::idempotency::MemoryIdempotencyStore::default(), dynamo_idempotency;
    a_claim_then_completion_replays,
    a_live_claim_is_in_flight_and_a_lapsed_one_is_free,
    another_fingerprint_is_a_mismatch,
    a_released_claim_is_free,
    exactly_one_of_racing_claims_proceeds,
);

contract!(shared::forms::spent_tokens::MemorySpentTokenStore::default(), dynamo_spent_tokens;
    a_token_is_spent_once,
    a_lapsed_mark_is_free_again,
    an_unspent_token_can_be_spent_again,
    exactly_one_of_racing_spends_wins,
);

fn now() -> DateTime<Utc> {
    "2026-11-27T15:00:00Z".parse().unwrap()
}

fn later(seconds: u64) -> DateTime<Utc> {
    now() + Duration::from_secs(seconds)
}

/// A hit on `key` now, its counter lapsing in an hour.
async fn hit(store: &impl RateLimitStore, key: &str) -> u64 {
    let life = Lifetime::new(now(), later(3600));
    store.hit(key, life).await.unwrap()
}

/// Spends `key` at `at` seconds past `now()`, the mark lapsing at `lapses` seconds past it.
async fn spend(store: &impl SpentTokenStore, key: &str, at: u64, lapses: u64) -> Spend {
    let life = Lifetime::new(later(at), later(lapses));
    store.spend(key, life).await.unwrap()
}

async fn hits_are_counted_per_key(store: Arc<impl RateLimitStore>) {
    assert_eq!(hit(&*store, "a").await, 1);
    assert_eq!(hit(&*store, "a").await, 2);
    assert_eq!(hit(&*store, "b").await, 1);
    assert_eq!(hit(&*store, "a").await, 3);
}

async fn concurrent_hits_are_never_lost(store: Arc<impl RateLimitStore>) {
    let hits = (0..20).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { hit(&*store, "shared").await })
    });
    let mut counts: Vec<u64> = futures::future::join_all(hits)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=20).collect::<Vec<u64>>(),
        "each hit saw a distinct count"
    );
}

async fn a_token_is_spent_once(store: Arc<impl SpentTokenStore>) {
    assert_eq!(spend(&*store, "t1", 0, 3600).await, Spend::Spent);
    assert_eq!(spend(&*store, "t1", 10, 3600).await, Spend::AlreadySpent);
    assert_eq!(
        spend(&*store, "t1", 3599, 3600).await,
        Spend::AlreadySpent,
        "until its expiry"
    );
    assert_eq!(spend(&*store, "t2", 0, 3600).await, Spend::Spent);
}

async fn a_lapsed_mark_is_free_again(store: Arc<impl SpentTokenStore>) {
    // Past the token's own expiry the time trap refuses it; the mark need not hold it back.
    assert_eq!(spend(&*store, "t", 0, 60).await, Spend::Spent);
    assert_eq!(spend(&*store, "t", 60, 120).await, Spend::Spent);
}

async fn an_unspent_token_can_be_spent_again(store: Arc<impl SpentTokenStore>) {
    assert_eq!(spend(&*store, "t", 0, 3600).await, Spend::Spent);
    store.unspend("t").await.unwrap();
    assert_eq!(spend(&*store, "t", 0, 3600).await, Spend::Spent);
    store.unspend("never-spent").await.unwrap();
}

async fn exactly_one_of_racing_spends_wins(store: Arc<impl SpentTokenStore + 'static>) {
    let spends = (0..20).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { spend(&*store, "raced", 0, 3600).await })
    });
    let results: Vec<Spend> = futures::future::join_all(spends)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let won = results.iter().filter(|r| **r == Spend::Spent).count();
    assert_eq!(won, 1, "{results:?}");
}

fn answer() -> StoredResponse {
    StoredResponse {
        status: 202,
        body: serde_json::json!({"id": "s-1", "status": "pending"}),
    }
}

/// A claim at `at` seconds past `now()`, in flight for a minute, kept for a day: the windows the
/// idempotency layer uses.
fn claim_at<'a>(key: &'a str, fingerprint: &'a str, at: u64) -> Claim<'a> {
    Claim {
        key,
        fingerprint,
        now: later(at),
        in_flight_until: later(at + 60),
        expires_at: later(at + 86_400),
    }
}

async fn claim(store: &impl IdempotencyStore, key: &str, fingerprint: &str, at: u64) -> Begin {
    store.begin(claim_at(key, fingerprint, at)).await.unwrap()
}

async fn a_claim_then_completion_replays(store: Arc<impl IdempotencyStore>) {
    assert_eq!(claim(&*store, "k", "f", 0).await, Begin::Proceed);
    // Kept for a day from the claim at 0.
    store
        .complete(claim_at("k", "f", 0), &answer())
        .await
        .unwrap();
    assert_eq!(claim(&*store, "k", "f", 5).await, Begin::Replay(answer()));
    assert_eq!(
        claim(&*store, "k", "f", 86_401).await,
        Begin::Proceed,
        "an expired record no longer counts, even before TTL deletes it"
    );
}

async fn a_live_claim_is_in_flight_and_a_lapsed_one_is_free(store: Arc<impl IdempotencyStore>) {
    assert_eq!(claim(&*store, "k", "f", 0).await, Begin::Proceed);
    assert_eq!(claim(&*store, "k", "f", 30).await, Begin::InFlight);
    assert_eq!(
        claim(&*store, "k", "f", 61).await,
        Begin::Proceed,
        "a crashed request does not block its key forever"
    );
}

async fn another_fingerprint_is_a_mismatch(store: Arc<impl IdempotencyStore>) {
    claim(&*store, "k", "f", 0).await;
    assert_eq!(claim(&*store, "k", "other", 1).await, Begin::Mismatch);
    // Kept for a day from the claim at 0.
    store
        .complete(claim_at("k", "f", 0), &answer())
        .await
        .unwrap();
    assert_eq!(claim(&*store, "k", "other", 2).await, Begin::Mismatch);
}

async fn a_released_claim_is_free(store: Arc<impl IdempotencyStore>) {
    claim(&*store, "k", "f", 0).await;
    store.release("k").await.unwrap();
    assert_eq!(claim(&*store, "k", "g", 1).await, Begin::Proceed);
}

async fn exactly_one_of_racing_claims_proceeds(store: Arc<impl IdempotencyStore + 'static>) {
    let claims = (0..16).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { claim(&*store, "race", "f", 0).await })
    });
    let outcomes: Vec<Begin> = futures::future::join_all(claims)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        outcomes
            .iter()
            .filter(|outcome| **outcome == Begin::Proceed)
            .count(),
        1
    );
    assert!(outcomes
        .iter()
        .all(|outcome| matches!(outcome, Begin::Proceed | Begin::InFlight)));
}

mod turnstile {
    use axum::routing::post;
    use axum::{Form, Json, Router};
    use shared::forms::captcha::{CaptchaVerifier, Turnstile};

    /// A stand-in for siteverify: accepts the token `human` under the secret `s3cret`.
    async fn siteverify() -> String {
        async fn verify(
            Form(form): Form<std::collections::HashMap<String, String>>,
        ) -> Json<serde_json::Value> {
            let ok = form.get("secret").map(String::as_str) == Some("s3cret")
                && form.get("response").map(String::as_str) == Some("human")
                && !form.contains_key("remoteip");
            Json(serde_json::json!({"success": ok, "error-codes": []}))
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, Router::new().route("/siteverify", post(verify))).await
        });
        format!("http://{address}/siteverify")
    }

    #[tokio::test]
    async fn tokens_are_verified_with_the_secret_and_refusals_name_the_field() {
        let turnstile = Turnstile::new("s3cret".to_owned(), Some(siteverify().await));
        assert!(turnstile
            .verify(Some("human"), "captcha_token")
            .await
            .is_ok());
        for token in [Some("robot"), Some(""), None] {
            let error = turnstile.verify(token, "captcha_token").await.unwrap_err();
            assert_eq!(error.problem().status, 400, "{token:?}");
            assert_eq!(error.problem().errors[0].field, "captcha_token");
        }
    }

    #[tokio::test]
    async fn an_unreachable_verifier_is_a_503_not_a_pass() {
        let closed = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap()
        };
        let turnstile = Turnstile::new(
            "s3cret".to_owned(),
            Some(format!("http://{closed}/siteverify")),
        );
        let error = turnstile
            .verify(Some("human"), "captcha_token")
            .await
            .unwrap_err();
        assert_eq!(error.problem().status, 503);
    }
}
