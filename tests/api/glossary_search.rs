//! `GET /v1/glossary/search` and `GET /v1/glossary/suggest`.

use serde_json::Value;

use crate::helpers::{expect_problem, spawn_app, TestApp};

async fn get(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert!(response.headers().contains_key("etag"));
    response.json().await.unwrap()
}

fn names(results: &Value) -> Vec<&str> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn spanish_suggestions_for_inmuno_are_ranked_spanish_terms() {
    let app = spawn_app().await;
    let body = get(&app, "/v1/glossary/suggest?q=inmuno&lang=es").await;
    assert_eq!(body["lang"], "es");
    let suggestions = body["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 10, "ten by default");
    let names = names(&body["suggestions"]);
    assert!(names.iter().all(|n| n.starts_with("inmuno")), "{names:?}");
    // The names other definitions mention most first (27, 16, 13 and 11 of them), not the
    // shortest (`inmunología`, `inmunoensayo`).
    assert_eq!(
        names[..4],
        [
            "inmunodeficiencia",
            "inmunotoxina",
            "inmunoterapia",
            "inmunodepresor"
        ],
        "{names:?}"
    );
    let first = &suggestions[0];
    assert_eq!(first["matched"]["kind"], "name_prefix");
    assert_eq!(
        first["matched"]["highlights"],
        serde_json::json!([{"start": 0, "end": 6}])
    );
    assert!(first["definition"].is_string() && first["slug"].is_string());
    assert!(body["source"]["credit"].as_str().unwrap().contains("NCI"));
}

#[tokio::test]
async fn highlights_point_into_the_matched_text_in_utf16_units() {
    let app = spawn_app().await;
    let body = get(&app, "/v1/glossary/search?q=MAMA&lang=es&limit=100").await;
    for hit in body["results"].as_array().unwrap() {
        let text: Vec<u16> = hit["matched"]["text"]
            .as_str()
            .unwrap()
            .encode_utf16()
            .collect();
        for range in hit["matched"]["highlights"].as_array().unwrap() {
            let (start, end) = (
                range["start"].as_u64().unwrap() as usize,
                range["end"].as_u64().unwrap() as usize,
            );
            let part = String::from_utf16(&text[start..end]).unwrap();
            assert_eq!(glossary::domain::fold::normalize(&part), "mama", "{hit}");
        }
    }
    // An alias match says so, and highlights the alias.
    let body = get(&app, "/v1/glossary/search?q=t%20lymphocyte").await;
    let t_cell = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "T cell")
        .unwrap();
    assert_eq!(t_cell["matched"]["kind"], "exact_alias");
    assert_eq!(t_cell["matched"]["field"], "alias");
    assert_eq!(t_cell["matched"]["text"], "T lymphocyte");
    // A typo match counts its typos and highlights the word it forgave.
    let body = get(&app, "/v1/glossary/search?q=imunotherapy").await;
    let first = &body["results"][0];
    assert_eq!(first["name"], "immunotherapy");
    assert_eq!(first["matched"]["kind"], "fuzzy");
    assert_eq!(first["matched"]["typos"], 1);
    assert_eq!(
        first["matched"]["highlights"],
        serde_json::json!([{"start": 0, "end": 13}])
    );
}

#[tokio::test]
async fn nci_match_types_are_alphabetical_on_names() {
    let app = spawn_app().await;
    let begins = get(&app, "/v1/glossary/search?q=cancer%20v&match=begins").await;
    let names_begins = names(&begins["results"]);
    assert!(names_begins.contains(&"cancer vaccine"), "{names_begins:?}");
    assert!(names_begins
        .iter()
        .all(|n| n.to_lowercase().starts_with("cancer v")));
    let contains = get(
        &app,
        "/v1/glossary/search?q=IMMUNOTHERAPY&match=contains&limit=100",
    )
    .await;
    let listed = names(&contains["results"]);
    assert!(
        listed.contains(&"immunotherapy") && listed.contains(&"chemoimmunotherapy"),
        "{listed:?}"
    );
    assert!(
        !listed.contains(&"adoptive cellular therapy"),
        "aliases are not names: {listed:?}"
    );
    let folded: Vec<String> = listed
        .iter()
        .map(|n| glossary::domain::fold::normalize(n))
        .collect();
    assert!(folded.windows(2).all(|w| w[0] <= w[1]), "alphabetical");
    assert_eq!(contains["match"], "contains");
    let exact = get(
        &app,
        "/v1/glossary/search?q=c%C3%A1ncer&match=exact&lang=es",
    )
    .await;
    assert_eq!(names(&exact["results"]), ["cáncer"]);
    // NCI's match types look at names only; smart search finds the term by its alias too.
    let exact_name = get(&app, "/v1/glossary/search?q=thymocyte&match=exact").await;
    assert_eq!(names(&exact_name["results"]), ["thymocyte"]);
    let smart = get(&app, "/v1/glossary/search?q=thymocyte").await;
    assert_eq!(names(&smart["results"])[..2], ["thymocyte", "T cell"]);
}

#[tokio::test]
async fn search_pages_follow_the_cursor_to_the_end() {
    let app = spawn_app().await;
    for mode in ["smart", "begins", "contains"] {
        let first = format!("/v1/glossary/search?q=lymph&match={mode}&limit=9");
        let total = get(&app, &first).await["total"].as_u64().unwrap();
        assert!(total > 20, "{mode}: {total}");
        let mut seen = Vec::new();
        let mut url = first.clone();
        loop {
            let body = get(&app, &url).await;
            assert_eq!(body["total"].as_u64(), Some(total));
            seen.extend(
                body["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h["id"].as_u64().unwrap()),
            );
            match body["next_cursor"].as_str() {
                Some(cursor) => url = format!("{first}&cursor={cursor}"),
                None => break,
            }
        }
        let unique: std::collections::HashSet<_> = seen.iter().collect();
        assert_eq!(
            (seen.len() as u64, unique.len() as u64),
            (total, total),
            "{mode}"
        );
    }
}

#[tokio::test]
async fn queries_that_match_nothing_answer_an_empty_page() {
    let app = spawn_app().await;
    for q in ["zzzzqqqq", "%21%21%21", "%20", "%E2%9C%93"] {
        let body = get(&app, &format!("/v1/glossary/search?q={q}")).await;
        assert_eq!(body["total"], 0, "{q}");
        assert!(body["next_cursor"].is_null());
        let body = get(&app, &format!("/v1/glossary/suggest?q={q}")).await;
        assert_eq!(body["suggestions"], serde_json::json!([]), "{q}");
    }
}

#[tokio::test]
async fn suggestions_are_the_top_of_the_smart_ranking() {
    let app = spawn_app().await;
    for (q, lang) in [
        ("cel", "en"),
        ("lymphoma", "en"),
        ("quimio", "es"),
        ("t lym", "en"),
        ("imuno", "en"),
        ("cancr", "es"),
    ] {
        let suggest = get(
            &app,
            &format!("/v1/glossary/suggest?q={q}&lang={lang}&limit=5"),
        )
        .await;
        let search = get(
            &app,
            &format!("/v1/glossary/search?q={q}&lang={lang}&limit=5"),
        )
        .await;
        assert_eq!(
            names(&suggest["suggestions"]),
            names(&search["results"]),
            "{q}"
        );
    }
}

#[tokio::test]
async fn bad_parameters_are_400_problems_naming_them() {
    let app = spawn_app().await;
    let long = "a".repeat(201);
    for (path, field) in [
        ("/v1/glossary/search".to_owned(), "q"),
        ("/v1/glossary/search?q=".to_owned(), "q"),
        (format!("/v1/glossary/search?q={long}"), "q"),
        ("/v1/glossary/search?q=a&match=fuzzy".to_owned(), "match"),
        ("/v1/glossary/search?q=a&match=Smart".to_owned(), "match"),
        ("/v1/glossary/search?q=a&limit=0".to_owned(), "limit"),
        ("/v1/glossary/search?q=a&limit=1000".to_owned(), "limit"),
        ("/v1/glossary/search?q=a&cursor=%3D%3D".to_owned(), "cursor"),
        ("/v1/glossary/search?q=a&cursor=abcde".to_owned(), "cursor"),
        ("/v1/glossary/search?q=a&lang=pt".to_owned(), "lang"),
        ("/v1/glossary/suggest".to_owned(), "q"),
        ("/v1/glossary/suggest?q=".to_owned(), "q"),
        ("/v1/glossary/suggest?q=a&limit=21".to_owned(), "limit"),
        ("/v1/glossary/suggest?q=a&limit=x".to_owned(), "limit"),
    ] {
        let problem = expect_problem(app.get(&path).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], field, "{path}: {problem}");
    }
    // 200 characters is the most, and allowed.
    let body = get(&app, &format!("/v1/glossary/search?q={}", "a".repeat(200))).await;
    assert_eq!(body["total"], 0);
}
