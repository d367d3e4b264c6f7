//! The pages' text the site prerenders (web/src/generated/site-content.json): current, and the
//! very answer of the API, so that the HTML before any script runs and after it agree.

use std::path::Path;

use serde_json::Value;

use crate::helpers::spawn_app;

async fn generated() -> Value {
    let text = immunoguide::site::site_content_json(&immunoguide::default_content_dir())
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn the_committed_site_content_is_current() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("web");
    let text = immunoguide::site::site_content_json(&immunoguide::default_content_dir())
        .await
        .unwrap();
    let committed =
        std::fs::read_to_string(immunoguide::site::content_file(&web)).unwrap_or_default();
    assert!(
        committed == text,
        "web/src/generated/site-content.json is out of date: regenerate it with \
         `cargo run -q -- site-content` (building the site does it too)"
    );
}

#[tokio::test]
async fn every_prerendered_page_is_what_the_api_answers() {
    let app = spawn_app().await;
    let generated = generated().await;
    let pages = generated["pages"].as_object().unwrap();
    assert!(pages.contains_key("clinical-trials-overview"));
    for (slug, by_lang) in pages {
        for lang in ["en", "es"] {
            let response = app.get(&format!("/v1/pages/{slug}?lang={lang}")).await;
            assert_eq!(response.status(), 200, "{slug}/{lang}");
            let served: Value = response.json().await.unwrap();
            assert_eq!(by_lang[lang], served, "{slug}/{lang}");
        }
    }
}

#[tokio::test]
async fn the_trial_line_details_are_the_contact_answers_fixed_parts() {
    let app = spawn_app().await;
    let generated = generated().await;
    for lang in ["en", "es"] {
        let served: Value = app
            .get(&format!("/v1/contact?lang={lang}"))
            .await
            .json()
            .await
            .unwrap();
        let details = &generated["trial_line"][lang];
        for field in ["phone", "hours", "languages"] {
            assert_eq!(details[field], served[field], "{lang} {field}");
        }
        assert_eq!(details.as_object().unwrap().len(), 3, "nothing time-bound");
    }
}
