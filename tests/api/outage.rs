//! A DynamoDB that accepts connections and never answers (an outage, a network partition):
//! every read gives up within the SDK's operation timeout and answers 503 problem+json with
//! `Retry-After`, before the HTTP stack's own request timeout would.

use std::net::TcpListener;
use std::time::Duration;

use immunoguide::tables::TableNames;
use immunoguide::{Options, Stores};

use crate::helpers::{expect_problem, http_config, spawn_app_with_options};

/// A loopback port that accepts TCP connections and holds them without a byte in reply.
fn silent_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_silent_store_is_a_503_with_retry_after_from_the_store_not_the_timeout() {
    // As the functions build it in Lambda (`clients_from_env`).
    let client = shared::aws::dynamo::with_function_timeouts(
        shared::aws::dynamo::client(Some(&silent_endpoint())).await,
    );
    let stores = Stores::dynamo(client, &TableNames::with_prefix("silent-"));
    let mut http = http_config();
    // Far above the SDK's operation timeout: a 503 here must come from the store's error.
    http.request_timeout = Duration::from_secs(30);
    let app = spawn_app_with_options(stores, Options::local(http)).await;
    for path in [
        "/v1/pages/clinical-trials-overview?lang=en",
        "/v1/glossary/terms/immunotherapy?lang=en",
        "/v1/stories?lang=en",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["retry-after"], "2", "{path}");
        let problem = expect_problem(response, 503).await;
        assert!(
            problem["type"].as_str().unwrap().ends_with("/unavailable"),
            "{path}: {problem}"
        );
    }
}

#[tokio::test]
async fn the_stacks_own_timeout_is_a_503_problem_with_retry_after_too() {
    let client = shared::aws::dynamo::client(Some(&silent_endpoint())).await;
    let stores = Stores::dynamo(client, &TableNames::with_prefix("silent-"));
    let mut http = http_config();
    http.request_timeout = Duration::from_millis(300);
    let app = spawn_app_with_options(stores, Options::local(http)).await;
    let response = app.get("/v1/stories?lang=en").await;
    assert_eq!(response.headers()["retry-after"], "2");
    let problem = expect_problem(response, 503).await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("took too long"),
        "{problem}"
    );
}
