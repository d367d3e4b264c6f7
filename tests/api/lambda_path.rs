//! The Lambda path: real API Gateway HTTP API (payload v2) events through the same entry the
//! content binary runs (`lambda_http`'s adapter over `shared::aws::lambda::service`) answer exactly
//! as the local server does.

use std::sync::Arc;

use axum::Router;
use lambda_http::request::LambdaRequest;
use lambda_http::{Context, LambdaEvent, Service};
use serde_json::{json, Value};
use shared::clock::FixedClock;
use tower::ServiceExt;

use crate::helpers::{http_config, seeded_stores, spawn_app_with, TestApp};

const NOW: &str = "2026-11-27T15:00:00Z";
const EVENT: &str = include_str!("../fixtures/apigw-http-v2-get.json");

/// The content function exactly as its `main.rs` composes it, on the embedded store.
async fn content_function() -> Router {
    let stores = seeded_stores().await;
    let adapters = content::Adapters {
        pages: stores.pages.clone(),
        clock: Arc::new(FixedClock(NOW.parse().unwrap())),
    };
    let settings = content::Settings::local(http_config());
    shared::aws::lambda::service(content::build(settings, adapters).into(), &http_config())
}

async fn local_server() -> TestApp {
    spawn_app_with(
        seeded_stores().await,
        Arc::new(FixedClock(NOW.parse().unwrap())),
    )
    .await
}

/// The fixture event, re-aimed at another path, query and headers.
pub(crate) fn event(method: &str, path: &str, query: &str, headers: &[(&str, &str)]) -> Value {
    let mut event: Value = serde_json::from_str(EVENT).unwrap();
    event["rawPath"] = json!(path);
    event["rawQueryString"] = json!(query);
    event["requestContext"]["http"]["method"] = json!(method);
    event["requestContext"]["http"]["path"] = json!(path);
    let parameters: serde_json::Map<String, Value> = url_pairs(query)
        .into_iter()
        .map(|(k, v)| (k, json!(v)))
        .collect();
    event["queryStringParameters"] = Value::Object(parameters);
    for (name, value) in headers {
        event["headers"][*name] = json!(value);
    }
    event
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

/// Invokes the function as the Lambda runtime does and returns API Gateway's response JSON.
pub(crate) async fn invoke(function: Router, event: Value) -> Value {
    let request: LambdaRequest = serde_json::from_value(event).expect("an API Gateway v2 event");
    let mut adapter = lambda_http::Adapter::from(function);
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .expect("the function answers");
    serde_json::to_value(response).unwrap()
}

/// Method, path, query and request headers of one request.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const COMPARED_HEADERS: [&str; 6] = [
    "content-type",
    "etag",
    "cache-control",
    "content-language",
    "allow",
    "content-length",
];

#[tokio::test]
async fn lambda_and_local_server_answer_alike() {
    let local = local_server().await;
    let cases: [Case; 9] = [
        ("GET", "/v1/pages/clinical-trials-overview", "lang=es", &[]),
        (
            "GET",
            "/v1/pages/clinical-trials-overview",
            "",
            &[("accept-language", "es-MX,es;q=0.9")],
        ),
        ("GET", "/v1/pages", "lang=en", &[]),
        ("GET", "/v1/contact", "lang=es", &[]),
        ("GET", "/v1/pages/no-such-page", "", &[]),
        ("GET", "/v1/pages", "lang=fr", &[]),
        ("GET", "/v1/unknown", "", &[]),
        ("POST", "/v1/pages", "", &[]),
        ("GET", "/v1/pages/Bad_Slug", "", &[]),
    ];
    for case in cases {
        assert_same_answer(content_function().await, &local, case).await;
    }
}

#[tokio::test]
async fn a_conditional_request_through_lambda_gets_304() {
    let function = content_function().await;
    let first = invoke(
        function.clone(),
        event("GET", "/v1/pages/clinical-trials-overview", "lang=es", &[]),
    )
    .await;
    let etag = first["headers"]["etag"].as_str().unwrap().to_owned();
    let second = invoke(
        function,
        event(
            "GET",
            "/v1/pages/clinical-trials-overview",
            "lang=es",
            &[("if-none-match", &etag)],
        ),
    )
    .await;
    assert_eq!(second["statusCode"], 304);
    assert_eq!(second["headers"]["etag"], etag.as_str());
}

#[tokio::test]
async fn the_request_id_in_lambda_is_api_gateways() {
    let answer = invoke(
        content_function().await,
        event(
            "GET",
            "/v1/contact",
            "",
            &[("x-request-id", "client-chosen")],
        ),
    )
    .await;
    assert_eq!(answer["headers"]["x-request-id"], "JKJaXmPLvHcESHA=");
}

#[tokio::test]
async fn from_str_builds_the_request_the_router_serves() {
    let request =
        lambda_http::request::from_str(&event("GET", "/v1/pages", "lang=es", &[]).to_string())
            .unwrap();
    assert_eq!(request.uri().path(), "/v1/pages");
    let response = content_function().await.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "es");
    assert_eq!(response.headers()["x-request-id"], "JKJaXmPLvHcESHA=");
}

/// The glossary function exactly as its `main.rs` composes it (`glossary::build`), on the
/// embedded store.
fn glossary_function() -> Router {
    let adapters = glossary::Adapters::on(crate::helpers::bundled_glossary());
    let settings = glossary::Settings::local(http_config());
    shared::aws::lambda::service(glossary::build(settings, adapters).into(), &http_config())
}

#[tokio::test]
async fn the_glossary_through_lambda_answers_as_the_local_server_does() {
    let local = local_server().await;
    let cases: [Case; 6] = [
        ("GET", "/v1/glossary/suggest", "q=inmuno&lang=es", &[]),
        (
            "GET",
            "/v1/glossary/terms/t-cell",
            "",
            &[("accept-language", "es")],
        ),
        ("GET", "/v1/glossary/search", "q=imunotherapy&limit=3", &[]),
        ("GET", "/v1/glossary/terms", "letter=%23&limit=2", &[]),
        ("GET", "/v1/glossary/terms/no-such-term", "", &[]),
        ("GET", "/v1/glossary/search", "q=a&limit=0", &[]),
    ];
    for case in cases {
        assert_same_answer(glossary_function(), &local, case).await;
    }
}

mod stories_function {
    //! The stories function through the Lambda entry: moderator claims come from API Gateway's
    //! JWT authorizer in the request context, and rate limits key on its `sourceIp`.

    use std::sync::Arc;
    use std::time::Duration;

    use axum::Router;
    use serde_json::{json, Value};
    use shared::aws::metrics::{MemorySink, Metrics};
    use shared::clock::ManualClock;
    use shared::forms::adapters::FormAdapters;
    use stories::store::{MemoryStoryStore, StoryPorts};

    use super::{event, invoke};
    use crate::helpers::http_config;
    use crate::stories_helpers::valid_story;

    /// The stories function exactly as its `main.rs` composes it, on embedded stores.
    fn stories_function(clock: Arc<ManualClock>, limit: u64) -> Router {
        let mut settings = stories::Settings::local(http_config());
        settings.common.form.rate_limit.limit = limit;
        let adapters = stories::Adapters {
            stories: StoryPorts::of(MemoryStoryStore::new()),
            form: FormAdapters::memory(
                clock,
                Metrics::new("stories", Arc::new(MemorySink::default())),
            ),
        };
        shared::aws::lambda::service(stories::build(settings, adapters).into(), &http_config())
    }

    fn with_claims(mut event: Value, groups: &str) -> Value {
        event["requestContext"]["authorizer"] = json!({"jwt": {"claims": {
            "sub": "c0ffee-moderator", "cognito:username": "mod@example.org", "cognito:groups": groups
        }, "scopes": null}});
        event
    }

    #[tokio::test]
    async fn moderator_groups_are_read_from_the_authorizer_claims() {
        let function = stories_function(
            Arc::new(ManualClock::new("2026-11-27T15:00:00Z".parse().unwrap())),
            5,
        );
        let queue = || event("GET", "/v1/moderation/stories", "status=pending", &[]);
        // The `cognito:groups` claim as API Gateway's JWT authorizer flattens Cognito's array.
        let cases = [
            ("[moderators editors]", 200),
            ("[ readers   moderators ]", 200),
            ("[moderators]", 200),
            ("[readers]", 403),
            ("[readers,moderators]", 403),
            ("[moderators,readers]", 403),
            ("[]", 403),
        ];
        for (groups, status) in cases {
            let answer = invoke(function.clone(), with_claims(queue(), groups)).await;
            assert_eq!(answer["statusCode"], status, "{groups}: {answer}");
        }
        let anonymous = invoke(function, queue()).await;
        assert_eq!(anonymous["statusCode"], 401);
    }

    #[tokio::test]
    async fn submissions_are_rate_limited_per_source_address() {
        let clock = Arc::new(ManualClock::new("2026-11-27T15:00:00Z".parse().unwrap()));
        let function = stories_function(clock.clone(), 1);
        // Form tokens are single use: one freshly loaded form per submission.
        let mut tokens = Vec::new();
        for _ in 0..3 {
            let form = invoke(function.clone(), event("GET", "/v1/stories/form", "", &[])).await;
            let form: Value = serde_json::from_str(form["body"].as_str().unwrap()).unwrap();
            tokens.push(form["form_token"].as_str().unwrap().to_owned());
        }
        clock.advance(Duration::from_secs(60));
        let mut tokens = tokens.into_iter();
        let mut submit = |ip: &str| {
            let mut submission = event(
                "POST",
                "/v1/stories",
                "",
                &[("content-type", "application/json")],
            );
            let body = valid_story(&tokens.next().unwrap()).to_string();
            submission["headers"]["content-length"] = json!(body.len().to_string());
            submission["body"] = json!(body);
            submission["requestContext"]["http"]["sourceIp"] = json!(ip);
            submission
        };
        assert_eq!(
            invoke(function.clone(), submit("203.0.113.7")).await["statusCode"],
            202
        );
        let limited = invoke(function.clone(), submit("203.0.113.7")).await;
        assert_eq!(limited["statusCode"], 429);
        assert!(limited["headers"]["retry-after"].is_string());
        assert_eq!(
            invoke(function, submit("198.51.100.9")).await["statusCode"],
            202,
            "another address"
        );
    }
}

/// Sends one request through the Lambda entry of `function` and to the local server, and
/// asserts the same status, compared headers and body.
async fn assert_same_answer(
    function: Router,
    local: &TestApp,
    (method, path, query, headers): Case,
) {
    let lambda = invoke(function, event(method, path, query, headers)).await;
    let url = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    let mut request = local
        .client
        .request(method.parse().unwrap(), local.url(&url));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let case = format!("{method} {url}");
    assert_eq!(lambda["statusCode"], response.status().as_u16(), "{case}");
    for name in COMPARED_HEADERS {
        let local_value = response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned());
        let lambda_value = lambda["headers"]
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned);
        assert_eq!(lambda_value, local_value, "{case}: header {name}");
    }
    assert_eq!(
        lambda["isBase64Encoded"], false,
        "{case}: JSON is sent as text"
    );
    let local_body = response.text().await.unwrap();
    assert_eq!(
        lambda["body"].as_str().unwrap_or_default(),
        local_body,
        "{case}: body"
    );
}
