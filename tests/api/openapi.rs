//! The OpenAPI document: complete, served, and committed for frontend developers.

use serde_json::Value;

use crate::helpers::spawn_app;

/// Every route the routers serve. A new route goes here, in the tests that specify it, and
/// must then be in the document.
const SERVED_ROUTES: [(&str, &str, &str); 28] = [
    ("get", "/v1/pages", "/v1/pages"),
    (
        "get",
        "/v1/pages/{slug}",
        "/v1/pages/clinical-trials-overview",
    ),
    ("get", "/v1/contact", "/v1/contact"),
    (
        "get",
        "/v1/glossary/terms/{slug}",
        "/v1/glossary/terms/t-cell",
    ),
    ("get", "/v1/glossary/terms", "/v1/glossary/terms?letter=t"),
    (
        "get",
        "/v1/glossary/search",
        "/v1/glossary/search?q=imunotherapy",
    ),
    (
        "get",
        "/v1/glossary/suggest",
        "/v1/glossary/suggest?q=inmuno&lang=es",
    ),
    ("get", "/v1/stories/form", "/v1/stories/form"),
    ("get", "/v1/stories", "/v1/stories"),
    ("post", "/v1/stories", "/v1/stories"),
    (
        "get",
        "/v1/stories/{id}",
        "/v1/stories/0192f4c0-0000-7000-8000-000000000000",
    ),
    (
        "delete",
        "/v1/stories/{id}",
        "/v1/stories/0192f4c0-0000-7000-8000-000000000000",
    ),
    ("get", "/v1/moderation/stories", "/v1/moderation/stories"),
    (
        "get",
        "/v1/moderation/stories/{id}",
        "/v1/moderation/stories/0192f4c0-0000-7000-8000-000000000000",
    ),
    (
        "post",
        "/v1/moderation/stories/{id}/decisions",
        "/v1/moderation/stories/0192f4c0-0000-7000-8000-000000000000/decisions",
    ),
    ("get", "/v1/community/form", "/v1/community/form"),
    ("post", "/v1/community/signups", "/v1/community/signups"),
    (
        "post",
        "/v1/community/confirmations",
        "/v1/community/confirmations",
    ),
    (
        "post",
        "/v1/community/unsubscribe",
        "/v1/community/unsubscribe",
    ),
    ("post", "/v1/community/erasure", "/v1/community/erasure"),
    ("get", "/v1/me", "/v1/me"),
    ("delete", "/v1/me", "/v1/me"),
    ("get", "/v1/me/community", "/v1/me/community"),
    ("put", "/v1/me/community", "/v1/me/community"),
    ("get", "/v1/me/stories", "/v1/me/stories"),
    ("post", "/v1/me/stories", "/v1/me/stories"),
    ("delete", "/v1/me/stories", "/v1/me/stories"),
    (
        "delete",
        "/v1/me/stories/{id}",
        "/v1/me/stories/0192f4c0-0000-7000-8000-000000000000",
    ),
];

async fn served_document() -> Value {
    let app = spawn_app().await;
    let response = app.get("/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_served_route_is_in_the_document() {
    let document = served_document().await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    for (method, template, _) in SERVED_ROUTES {
        assert!(
            document["paths"][template][method].is_object(),
            "{method} {template} is missing from the OpenAPI document"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    let document = served_document().await;
    let app = spawn_app().await;
    let paths = document["paths"].as_object().unwrap();
    let mut operations = 0;
    for (template, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let (_, _, example) = SERVED_ROUTES
                .iter()
                .find(|(m, t, _)| m == method && t == template)
                .unwrap_or_else(|| {
                    panic!("{method} {template} is documented but not in SERVED_ROUTES")
                });
            let mut request = app
                .client
                .request(method.to_uppercase().parse().unwrap(), app.url(example));
            // Past the members' authorizer, whose 401 would hide an unrouted path.
            if example.starts_with("/v1/me") {
                request = request.bearer_auth(crate::me_helpers::sign_in(
                    &immunoguide::local_auth::LocalJwtKey::from_env(),
                    "openapi.reader@example.org",
                    true,
                ));
            }
            let response = request.send().await.unwrap();
            // Served means routed to a handler: not the unknown-route 404 nor a 405.
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let unrouted = status == 405 || (status == 404 && body["type"] == "about:blank");
            assert!(
                !unrouted,
                "{method} {example} is documented but not routed: {status} {body}"
            );
            operations += 1;
        }
    }
    assert_eq!(operations, SERVED_ROUTES.len());
}

#[tokio::test]
async fn errors_are_documented_as_problem_json() {
    let document = served_document().await;
    let bad_request = &document["paths"]["/v1/pages"]["get"]["responses"]["400"]["content"];
    assert!(
        bad_request["application/problem+json"]["schema"].is_object(),
        "{bad_request}"
    );
    assert!(document["components"]["schemas"]["Problem"].is_object());
}

/// Shared responses (`shared::http::responses`) are referenced by name: each reference must
/// resolve, or generated clients and schemathesis fail on the document.
#[tokio::test]
async fn every_reference_resolves() {
    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target);
                }
                map.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }
    let document = served_document().await;
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.contains(&"#/components/responses/Unavailable"));
    for target in found {
        let pointer = target.strip_prefix('#').expect("a local reference");
        assert!(
            document.pointer(pointer).is_some(),
            "{target} is referenced but not in the document"
        );
    }
}

/// Every route can meet an unreachable store or its time budget: each documents the 503.
#[tokio::test]
async fn every_operation_documents_the_503() {
    let document = served_document().await;
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            assert_eq!(
                operation["responses"]["503"]["$ref"], "#/components/responses/Unavailable",
                "{method} {path}"
            );
        }
    }
    let retry_after = &document["components"]["responses"]["Unavailable"]["headers"]["Retry-After"];
    assert!(retry_after.is_object(), "{retry_after}");
}

/// Generated clients (the site's, `web/src/api/`) key operations by their id: two alike and one
/// silently takes the other's types.
#[tokio::test]
async fn operation_ids_are_unique() {
    let document = served_document().await;
    let mut seen = std::collections::BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(
                seen.insert(id.to_owned()),
                "{method} {path}: operationId {id} is taken"
            );
        }
    }
}

#[test]
fn the_committed_document_is_current() {
    let committed_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json");
    // In process (the `openapi` command prints the same): a binary in a shared target
    // directory may be another checkout's.
    let generated = immunoguide::openapi_json();
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date: regenerate it with `cargo run -q -- openapi > docs/openapi.json`"
    );
}
