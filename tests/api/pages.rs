//! The content pages over HTTP, as a frontend sees them.

use crate::helpers::{expect_problem, page_source, spawn_app, spawn_app_with, stores_with_pages};
use serde_json::Value;
use shared::clock::SystemClock;
use std::sync::Arc;

const OVERVIEW: &str = "/v1/pages/clinical-trials-overview";

#[tokio::test]
async fn the_overview_page_is_served_in_spanish_with_cache_headers() {
    let app = spawn_app().await;
    let response = app.get(&format!("{OVERVIEW}?lang=es")).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["content-language"], "es");
    let etag = headers["etag"].to_str().unwrap();
    assert!(
        etag.starts_with('"') && etag.len() > 10,
        "strong ETag: {etag}"
    );
    let cache_control = headers["cache-control"].to_str().unwrap();
    for directive in ["max-age=", "s-maxage=", "stale-while-revalidate="] {
        assert!(cache_control.contains(directive), "{cache_control}");
    }
    let vary: Vec<_> = headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap().to_ascii_lowercase())
        .collect();
    assert!(
        vary.iter().any(|v| v.contains("accept-language")),
        "{vary:?}"
    );

    let page: Value = response.json().await.unwrap();
    assert_eq!(page["slug"], "clinical-trials-overview");
    assert_eq!(page["lang"], "es");
    assert_eq!(page["available_langs"], serde_json::json!(["en", "es"]));
    assert_eq!(
        page["title"],
        "Información general sobre los ensayos clínicos"
    );
    assert!(page["updated_at"].as_str().unwrap().starts_with("2026-"));
    let html = page.to_string();
    assert!(html.contains("Se habla español"), "the trial line says so");
}

#[tokio::test]
async fn the_overview_page_carries_the_source_content_without_page_chrome() {
    let app = spawn_app().await;
    let page: Value = app
        .get(&format!("{OVERVIEW}?lang=en"))
        .await
        .json()
        .await
        .unwrap();
    let ids = |key: &str| -> Vec<String> {
        page[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids("sections"),
        [
            "introduction",
            "why-people-take-part",
            "eligibility",
            "find-a-trial"
        ]
    );
    assert_eq!(
        ids("faqs"),
        [
            "what-are-clinical-trials",
            "what-makes-immunotherapy-trials-different",
            "why-trials-matter"
        ]
    );
    assert_eq!(page["faqs"][0]["question"], "What are clinical trials?");
    let reasons = page["sections"][1]["html"].as_str().unwrap();
    assert_eq!(
        reasons.matches("<li>").count(),
        4,
        "four reasons to take part: {reasons}"
    );
    let trial_line = page["sections"][3]["html"].as_str().unwrap();
    assert!(
        trial_line.contains("href=\"tel:+18552160127\""),
        "{trial_line}"
    );
    let kinds: Vec<_> = page["calls_to_action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cta| cta["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["share_story", "glossary", "community_signup", "donate"]
    );
    for cta in page["calls_to_action"].as_array().unwrap() {
        for field in ["title", "description", "label", "href"] {
            assert!(!cta[field].as_str().unwrap().is_empty(), "{field} of {cta}");
        }
    }
    let text = page.to_string();
    for chrome in ["Facebook", "Rocket Fuel", "Login"] {
        assert!(!text.contains(chrome), "page chrome `{chrome}` left out");
    }
}

#[tokio::test]
async fn both_languages_have_the_same_structure() {
    let app = spawn_app().await;
    let en: Value = app
        .get(&format!("{OVERVIEW}?lang=en"))
        .await
        .json()
        .await
        .unwrap();
    let es: Value = app
        .get(&format!("{OVERVIEW}?lang=es"))
        .await
        .json()
        .await
        .unwrap();
    for key in ["sections", "faqs"] {
        let ids = |page: &Value| -> Vec<Value> {
            page[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["id"].clone())
                .collect()
        };
        assert_eq!(ids(&en), ids(&es), "{key} ids match across languages");
    }
    let hrefs = |page: &Value| -> Vec<Value> {
        page["calls_to_action"]
            .as_array()
            .unwrap()
            .iter()
            .map(|cta| cta["href"].clone())
            .collect()
    };
    assert_eq!(hrefs(&en), hrefs(&es));
    assert_ne!(en["title"], es["title"]);
}

#[tokio::test]
async fn pages_are_listed_per_language() {
    let app = spawn_app().await;
    for (lang, title) in [
        ("en", "Clinical Trials Overview"),
        ("es", "Información general sobre los ensayos clínicos"),
    ] {
        let response = app.get(&format!("/v1/pages?lang={lang}")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-language"], lang);
        assert!(response.headers().contains_key("etag"));
        let list: Value = response.json().await.unwrap();
        assert_eq!(list["lang"], lang);
        let pages = list["pages"].as_array().unwrap();
        let overview = pages
            .iter()
            .find(|p| p["slug"] == "clinical-trials-overview")
            .expect("listed");
        assert_eq!(overview["title"], title);
        assert!(overview["summary"].as_str().unwrap().len() > 20);
        assert!(overview["updated_at"].is_string());
        assert_eq!(
            overview.as_object().unwrap().len(),
            4,
            "slug, title, summary, updated_at only"
        );
    }
}

#[tokio::test]
async fn a_matching_if_none_match_gives_304_and_a_stale_one_gives_200() {
    let app = spawn_app().await;
    for path in [
        format!("{OVERVIEW}?lang=es"),
        "/v1/pages?lang=en".to_owned(),
        "/v1/contact".to_owned(),
    ] {
        let first = app.get(&path).await;
        let etag = first.headers()["etag"].to_str().unwrap().to_owned();
        let revalidated = app.get_with(&path, &[("if-none-match", &etag)]).await;
        assert_eq!(revalidated.status(), 304, "{path}");
        assert_eq!(revalidated.headers()["etag"], etag.as_str());
        assert!(revalidated.headers().contains_key("cache-control"));
        assert!(
            revalidated.bytes().await.unwrap().is_empty(),
            "a 304 has no body"
        );
        let stale = app
            .get_with(&path, &[("if-none-match", "\"an-old-version\"")])
            .await;
        assert_eq!(stale.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn each_language_has_its_own_etag() {
    let app = spawn_app().await;
    let en = app.get(&format!("{OVERVIEW}?lang=en")).await;
    let es_etag = app.get(&format!("{OVERVIEW}?lang=es")).await.headers()["etag"].clone();
    assert_ne!(en.headers()["etag"], es_etag);
    let cross = app
        .get_with(
            &format!("{OVERVIEW}?lang=en"),
            &[("if-none-match", es_etag.to_str().unwrap())],
        )
        .await;
    assert_eq!(
        cross.status(),
        200,
        "the Spanish ETag does not validate the English page"
    );
}

#[tokio::test]
async fn a_page_missing_in_spanish_falls_back_to_english() {
    let stores = stores_with_pages(&[&page_source("english-only", "en", "English only")]).await;
    let app = spawn_app_with(stores, Arc::new(SystemClock)).await;
    for request in [
        ("/v1/pages/english-only?lang=es", None),
        ("/v1/pages/english-only", Some("es")),
    ] {
        let response = match request.1 {
            Some(accept) => {
                app.get_with(request.0, &[("accept-language", accept)])
                    .await
            }
            None => app.get(request.0).await,
        };
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-language"], "en", "{request:?}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["lang"], "en");
        assert_eq!(page["available_langs"], serde_json::json!(["en"]));
    }
}

#[tokio::test]
async fn a_page_only_in_spanish_is_served_in_spanish_rather_than_not_at_all() {
    let stores = stores_with_pages(&[&page_source("solo-espanol", "es", "Solo español")]).await;
    let app = spawn_app_with(stores, Arc::new(SystemClock)).await;
    let response = app.get("/v1/pages/solo-espanol?lang=en").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "es");
}

#[tokio::test]
async fn unknown_and_malformed_slugs_are_problems() {
    let app = spawn_app().await;
    let missing = expect_problem(app.get("/v1/pages/no-such-page").await, 404).await;
    assert!(missing["detail"].as_str().unwrap().contains("no-such-page"));
    for slug in [
        "Not-A-Slug",
        "a--b",
        "under_score",
        "%C3%B1and%C3%BA",
        &"a".repeat(101),
    ] {
        let problem = expect_problem(app.get(&format!("/v1/pages/{slug}")).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], "slug", "{slug}");
        assert_eq!(problem["errors"][0]["in"], "path");
    }
}

#[tokio::test]
async fn head_requests_get_the_headers_without_a_body() {
    let app = spawn_app().await;
    let response = app.client.head(app.url(OVERVIEW)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("etag"));
    assert!(response.bytes().await.unwrap().is_empty());
}
