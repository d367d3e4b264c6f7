//! `GET /v1/glossary/terms/{slug}`: one term, by slug (either language) or id.

use serde_json::Value;

use crate::helpers::{expect_problem, spawn_app};

async fn term(app: &crate::helpers::TestApp, path: &str) -> (reqwest::header::HeaderMap, Value) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    (headers, response.json().await.unwrap())
}

#[tokio::test]
async fn a_term_by_slug_carries_everything_a_term_page_shows() {
    let app = spawn_app().await;
    let (headers, t_cell) = term(&app, "/v1/glossary/terms/t-cell?lang=en").await;
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["content-language"], "en");
    assert!(headers["etag"].to_str().unwrap().starts_with('"'));
    assert!(headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("s-maxage="));
    assert_eq!(t_cell["id"], 44928);
    assert_eq!(t_cell["name"], "T cell");
    assert_eq!(t_cell["slug"], "t-cell");
    assert_eq!(t_cell["pronunciation"], "(... sel)");
    assert_eq!(
        t_cell["aliases"],
        serde_json::json!(["T lymphocyte", "thymocyte"])
    );
    assert_eq!(t_cell["available_langs"], serde_json::json!(["en", "es"]));
    assert_eq!(
        t_cell["other_language"],
        serde_json::json!({"lang": "es", "name": "célula T", "slug": "celula-t"})
    );
    let definition = &t_cell["definitions"][0];
    assert_eq!(definition["audience"], "patient");
    assert_eq!(definition["dictionary"], "cancer_terms");
    assert!(definition["text"]
        .as_str()
        .unwrap()
        .starts_with("A type of white blood cell."));
    let media = t_cell["media"].as_array().unwrap();
    assert!(
        media.iter().all(|m| m["lang"] == "en"),
        "only the served language's media"
    );
    assert!(media
        .iter()
        .any(|m| m["kind"] == "image" && m["caption"].is_string()));
    assert!(media
        .iter()
        .any(|m| m["kind"] == "pronunciation" && m["id"] == 728205));
    assert_eq!(t_cell["last_modified"], "2014-10-28");
    assert_eq!(
        t_cell["nci_url"],
        "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/44928"
    );
    assert_eq!(t_cell["source"]["publisher"], "National Cancer Institute");
    assert!(t_cell["source"]["credit"]
        .as_str()
        .unwrap()
        .contains("public domain"));
}

#[tokio::test]
async fn the_spanish_entry_is_served_by_its_own_slug_by_the_english_one_and_by_id() {
    let app = spawn_app().await;
    for path in [
        "/v1/glossary/terms/celula-t?lang=es",
        "/v1/glossary/terms/t-cell?lang=es",
        "/v1/glossary/terms/44928?lang=es",
        "/v1/glossary/terms/CDR0000044928?lang=es",
    ] {
        let (headers, body) = term(&app, path).await;
        assert_eq!(headers["content-language"], "es", "{path}");
        assert_eq!(body["name"], "célula T", "{path}");
        assert_eq!(body["slug"], "celula-t", "{path}");
        assert_eq!(
            body["aliases"],
            serde_json::json!(["linfocito T", "timocito"])
        );
        assert_eq!(body["other_language"]["slug"], "t-cell");
        assert!(body["source"]["credit"]
            .as_str()
            .unwrap()
            .starts_with("Definiciones"));
        assert!(body["nci_url"].as_str().unwrap().contains("/espanol/"));
    }
    let (headers, _) = term(&app, "/v1/glossary/terms/celula-t").await;
    assert_eq!(headers["content-language"], "en", "English by default");
    let response = app
        .get_with(
            "/v1/glossary/terms/t-cell",
            &[("accept-language", "es-MX,es;q=0.9")],
        )
        .await;
    assert_eq!(response.headers()["content-language"], "es");
}

#[tokio::test]
async fn a_term_without_spanish_falls_back_to_english_and_says_so() {
    let app = spawn_app().await;
    let (headers, body) = term(&app, "/v1/glossary/terms/nonpenetrance?lang=es").await;
    assert_eq!(headers["content-language"], "en");
    assert_eq!(body["lang"], "en");
    assert_eq!(body["available_langs"], serde_json::json!(["en"]));
    assert!(body["other_language"].is_null());
    assert_eq!(body["definitions"][0]["dictionary"], "genetics");
    assert_eq!(body["definitions"][0]["audience"], "health_professional");
}

#[tokio::test]
async fn duplicate_names_have_their_own_slugs_and_never_fail() {
    let app = spawn_app().await;
    let (_, first) = term(&app, "/v1/glossary/terms/ctx").await;
    let (_, second) = term(&app, "/v1/glossary/terms/ctx-653110").await;
    assert_eq!(
        (first["id"].as_u64(), second["id"].as_u64()),
        (Some(635728), Some(653110))
    );
    assert_eq!(first["name"], second["name"]);
    let (_, tpa) = term(&app, "/v1/glossary/terms/tpa").await;
    let (_, small_tpa) = term(&app, "/v1/glossary/terms/tpa-377721").await;
    assert_eq!(
        (tpa["name"].as_str(), small_tpa["name"].as_str()),
        (Some("TPA"), Some("tPA"))
    );
    let (_, radioterapia) = term(&app, "/v1/glossary/terms/radioterapia-44971?lang=es").await;
    assert_eq!(radioterapia["other_language"]["slug"], "radiation-therapy");
}

#[tokio::test]
async fn related_terms_and_links_follow_the_served_language() {
    let app = spawn_app().await;
    let (_, imaging) = term(&app, "/v1/glossary/terms/imaging-procedure").await;
    assert_eq!(
        imaging["related_terms"],
        serde_json::json!([{"id": 46570, "name": "scan", "slug": "scan"}])
    );
    let (_, imagenes) = term(&app, "/v1/glossary/terms/imaging-procedure?lang=es").await;
    assert_eq!(
        imagenes["related_terms"],
        serde_json::json!([{"id": 46570, "name": "exploración", "slug": "exploracion"}])
    );
    let (_, lymphoma) = term(
        &app,
        "/v1/glossary/terms/grade-2-follicular-lymphoma?lang=es",
    )
    .await;
    assert_eq!(
        lymphoma["related_links"],
        serde_json::json!([{"kind": "external", "title": "Linfoma",
            "url": "https://www.cancer.gov/espanol/tipos/linfoma", "target_id": null}])
    );
    let (_, cytarabine) = term(&app, "/v1/glossary/terms/liposomal-cytarabine").await;
    assert_eq!(cytarabine["related_links"][0]["kind"], "drug_summary");
    assert_eq!(cytarabine["related_links"][0]["target_id"], 544267);
}

#[tokio::test]
async fn definitions_keep_inline_emphasis_as_sanitized_html() {
    let app = spawn_app().await;
    let (_, body) = term(&app, "/v1/glossary/terms/stereotaxic-radiation-therapy").await;
    // The patient definition comes first; the health-professional one keeps its emphasis.
    assert_eq!(body["definitions"][0]["audience"], "patient");
    let professional = &body["definitions"][1];
    assert_eq!(professional["audience"], "health_professional");
    assert!(professional["html"]
        .as_str()
        .unwrap()
        .contains("<em>stereos</em>"));
    assert!(!professional["text"].as_str().unwrap().contains('<'));
}

#[tokio::test]
async fn a_conditional_request_gets_304() {
    let app = spawn_app().await;
    let first = app.get("/v1/glossary/terms/cancer?lang=es").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let second = app
        .get_with(
            "/v1/glossary/terms/cancer?lang=es",
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(second.status(), 304);
    assert_eq!(second.headers()["etag"], etag.as_str());
    assert_eq!(second.headers()["content-language"], "es");
}

#[tokio::test]
async fn unknown_and_malformed_terms_are_problems_naming_the_field() {
    let app = spawn_app().await;
    for path in [
        "/v1/glossary/terms/no-such-term",
        "/v1/glossary/terms/1",
        "/v1/glossary/terms/99999999999999999999999",
        "/v1/glossary/terms/CDR1",
    ] {
        expect_problem(app.get(path).await, 404).await;
    }
    for path in [
        "/v1/glossary/terms/T-Cell",
        "/v1/glossary/terms/t_cell",
        "/v1/glossary/terms/c%C3%A9lula-t",
        "/v1/glossary/terms/t--cell",
    ] {
        let problem = expect_problem(app.get(path).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], "slug", "{path}");
        assert_eq!(problem["errors"][0]["in"], "path", "{path}");
    }
    let problem = expect_problem(app.get("/v1/glossary/terms/t-cell?lang=fr").await, 400).await;
    assert_eq!(problem["supported"], serde_json::json!(["en", "es"]));
}
