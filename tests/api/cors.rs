//! CORS: the configured origins may call the API from a browser; others may not.

use crate::helpers::{spawn_app, ALLOWED_ORIGIN};

#[tokio::test]
async fn an_allowed_origin_is_answered_with_cors_headers() {
    let app = spawn_app().await;
    let response = app
        .get_with("/v1/pages?lang=es", &[("origin", ALLOWED_ORIGIN)])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    for header in ["etag", "content-language", "x-request-id"] {
        assert!(exposed.contains(header), "{exposed}");
    }
}

#[tokio::test]
async fn a_refused_origin_gets_no_cors_headers() {
    let app = spawn_app().await;
    let response = app
        .get_with("/v1/pages", &[("origin", "https://evil.example")])
        .await;
    assert!(!response
        .headers()
        .contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn preflight_is_answered_for_allowed_origins_only() {
    let app = spawn_app().await;
    let preflight = |origin: &'static str| {
        app.client
            .request(
                reqwest::Method::OPTIONS,
                app.url("/v1/pages/clinical-trials-overview"),
            )
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header(
                "access-control-request-headers",
                "if-none-match, accept-language",
            )
            .send()
    };
    let allowed = preflight(ALLOWED_ORIGIN).await.unwrap();
    assert!(allowed.status().is_success());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
    let methods = allowed.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    // Every method a route answers, so a frontend on another origin can call each of them.
    for method in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(method), "{method} in {methods}");
    }
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(
        headers.contains("if-none-match") && headers.contains("accept-language"),
        "{headers}"
    );
    assert!(allowed.headers().contains_key("access-control-max-age"));

    let refused = preflight("https://evil.example").await.unwrap();
    assert!(!refused
        .headers()
        .contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn errors_carry_cors_headers_so_browsers_can_read_them() {
    let app = spawn_app().await;
    let response = app
        .get_with("/v1/pages?lang=fr", &[("origin", ALLOWED_ORIGIN)])
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
}
