//! Choosing the language: `?lang=` wins, else `Accept-Language` with q-values, else English.

use crate::helpers::{expect_problem, spawn_app};

#[tokio::test]
async fn the_served_language_follows_query_then_header_then_default() {
    let app = spawn_app().await;
    let cases: [(&str, Option<&str>, &str); 9] = [
        ("", None, "en"),
        ("?lang=es", None, "es"),
        ("?lang=en", Some("es"), "en"),
        ("?lang=es", Some("en"), "es"),
        ("", Some("es"), "es"),
        ("", Some("es-MX,es;q=0.9,en;q=0.8"), "es"),
        ("", Some("fr-CA,fr;q=0.9,es;q=0.4,en;q=0.3"), "es"),
        ("", Some("en;q=0.5,es;q=0.6"), "es"),
        ("", Some("de,fr"), "en"),
    ];
    for (query, accept, expected) in cases {
        for path in [
            "/v1/pages/clinical-trials-overview",
            "/v1/pages",
            "/v1/contact",
        ] {
            let url = format!("{path}{query}");
            let response = match accept {
                Some(accept) => app.get_with(&url, &[("accept-language", accept)]).await,
                None => app.get(&url).await,
            };
            assert_eq!(response.status(), 200, "{url} {accept:?}");
            assert_eq!(
                response.headers()["content-language"],
                expected,
                "{url} Accept-Language: {accept:?}"
            );
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["lang"], expected, "{url} {accept:?}");
        }
    }
}

#[tokio::test]
async fn an_unsupported_lang_is_a_400_listing_the_supported_ones() {
    let app = spawn_app().await;
    for path in [
        "/v1/pages/clinical-trials-overview",
        "/v1/pages",
        "/v1/contact",
    ] {
        for lang in ["fr", "EN", "es-MX", ""] {
            let problem = expect_problem(app.get(&format!("{path}?lang={lang}")).await, 400).await;
            assert_eq!(
                problem["supported"],
                serde_json::json!(["en", "es"]),
                "{path} {lang}"
            );
            assert_eq!(problem["errors"][0]["field"], "lang");
            assert_eq!(problem["errors"][0]["in"], "query");
        }
    }
}
