//! With CloudFront in front (`CDN_ORIGIN_SECRET`), the API answers only what came through it:
//! the API Gateway URL cannot be used to go around the CDN's WAF.

use immunoguide::Options;
use shared::http::client_address::TrustedCdn;

use crate::helpers::{expect_problem, http_config, seeded_stores, spawn_app_with_options};

const SECRET: &str = "an-origin-secret-of-at-least-32-bytes-0123456789";

#[tokio::test]
async fn requests_without_the_origin_secret_are_refused_when_a_cdn_is_configured() {
    let mut http = http_config();
    http.trusted_cdn = Some(TrustedCdn::new(SECRET.as_bytes()).unwrap());
    let app = spawn_app_with_options(seeded_stores().await, Options::local(http)).await;
    for path in ["/v1/contact", "/v1/stories/form", "/v1/no-such-route"] {
        expect_problem(app.get(path).await, 403).await;
        let forged = app
            .get_with(path, &[("x-origin-verify", "not-the-secret")])
            .await;
        expect_problem(forged, 403).await;
    }
    let through_cdn = app
        .get_with("/v1/contact", &[("x-origin-verify", SECRET)])
        .await;
    assert_eq!(through_cdn.status(), 200);
}

#[tokio::test]
async fn without_a_cdn_every_request_is_served() {
    let app = spawn_app_with_options(seeded_stores().await, Options::local(http_config())).await;
    assert_eq!(app.get("/v1/contact").await.status(), 200);
}
