//! A DynamoDB that throttles (the table's capacity, the account's request rate): once the
//! SDK's own retries are spent, reads and writes answer 503 problem+json with `Retry-After`,
//! from the store's error and within the function's request timeout (the app keeps its
//! default one here), never a 500.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use immunoguide::tables::TableNames;
use immunoguide::Stores;
use serde_json::Value;

use crate::community_helpers::{signup_body, spawn_community_app_with, CommunityApp};
use crate::helpers::expect_problem;
use crate::stories_helpers::valid_story;

/// The error codes DynamoDB throttles with; the SDK classifies all three as retryable.
const THROTTLES: [&str; 3] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
];

/// A loopback endpoint that answers every DynamoDB call with `code`, as DynamoDB does (400,
/// JSON 1.0, `__type`), and counts the calls.
async fn throttling_endpoint(code: &'static str) -> (String, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let handler = move |headers: HeaderMap| {
        let counted = counted.clone();
        async move {
            assert!(headers.contains_key("x-amz-target"), "a DynamoDB call");
            counted.fetch_add(1, Ordering::SeqCst);
            (
                StatusCode::BAD_REQUEST,
                [("content-type", "application/x-amz-json-1.0")],
                format!(
                    r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{code}","message":"Rate of requests exceeds the allowed throughput."}}"#
                ),
            )
        }
    };
    let app = axum::Router::new().fallback(handler);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), calls)
}

async fn throttled_app(code: &'static str) -> (CommunityApp, Arc<AtomicUsize>) {
    let (endpoint, calls) = throttling_endpoint(code).await;
    // As the functions build it in Lambda (`clients_from_env`): their timeouts and retries.
    let client = shared::aws::dynamo::with_function_timeouts(
        shared::aws::dynamo::client(Some(&endpoint)).await,
    );
    let stores = Stores::dynamo(client, &TableNames::with_prefix("throttled-"));
    (spawn_community_app_with(stores, |_| {}).await, calls)
}

/// A 503 from the store's error (not the stack's timeout), and the SDK retried first.
async fn assert_throttled(response: reqwest::Response, calls: &AtomicUsize, what: &str) -> Value {
    let made = calls.load(Ordering::SeqCst);
    assert_eq!(response.headers()["retry-after"], "2", "{what}");
    let problem = expect_problem(response, 503).await;
    assert!(
        problem["type"].as_str().unwrap().ends_with("/unavailable"),
        "{what}: {problem}"
    );
    assert!(
        !problem["detail"]
            .as_str()
            .unwrap()
            .contains("took too long"),
        "{what}: the store gave up before the function's timeout: {problem}"
    );
    assert!(made >= 2, "{what}: the SDK retried ({made} calls)");
    problem
}

#[tokio::test]
async fn throttled_reads_are_503s_with_retry_after_after_the_sdks_retries() {
    for code in THROTTLES {
        let (community, calls) = throttled_app(code).await;
        for path in [
            "/v1/pages/clinical-trials-overview?lang=en",
            "/v1/glossary/terms/immunotherapy?lang=en",
            "/v1/stories?lang=en",
            "/v1/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
        ] {
            calls.store(0, Ordering::SeqCst);
            let response = community.app.get(path).await;
            assert_throttled(response, &calls, &format!("{code} on {path}")).await;
        }
    }
}

#[tokio::test]
async fn throttled_writes_are_503s_with_retry_after_after_the_sdks_retries() {
    for code in THROTTLES {
        let (community, calls) = throttled_app(code).await;
        let app = &community.app;

        calls.store(0, Ordering::SeqCst);
        let token = app
            .form_token("/v1/stories/form?lang=en", &community.clock)
            .await;
        let response = app
            .client
            .post(app.url("/v1/stories"))
            .header("idempotency-key", format!("throttled-{code}"))
            .json(&valid_story(&token))
            .send()
            .await
            .unwrap();
        assert_throttled(response, &calls, &format!("{code} on a story")).await;

        calls.store(0, Ordering::SeqCst);
        let token = community.form_token().await;
        let response = community
            .post(
                "/v1/community/signups",
                &signup_body("ana@example.org", &token),
            )
            .await;
        assert_throttled(response, &calls, &format!("{code} on a signup")).await;
    }
}
