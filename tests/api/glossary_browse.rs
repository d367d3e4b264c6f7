//! `GET /v1/glossary/terms`: the A–Z list with stable cursor pagination and counts per letter.

use std::collections::HashSet;

use serde_json::Value;

use crate::helpers::{expect_problem, spawn_app, TestApp};

async fn page(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Every page of a listing, following `next_cursor`.
async fn walk(app: &TestApp, first: &str) -> Vec<Value> {
    let mut terms = Vec::new();
    let mut url = first.to_owned();
    loop {
        let body = page(app, &url).await;
        terms.extend(body["terms"].as_array().unwrap().iter().cloned());
        match body["next_cursor"].as_str() {
            Some(cursor) => url = format!("{first}&cursor={cursor}"),
            None => return terms,
        }
    }
}

#[tokio::test]
async fn letter_counts_cover_every_term_once() {
    let app = spawn_app().await;
    for (lang, expected) in [("en", 8092), ("es", 7916)] {
        let body = page(&app, &format!("/v1/glossary/terms?lang={lang}&limit=1")).await;
        assert_eq!(body["total"], expected, "{lang}");
        let letters = body["letters"].as_array().unwrap();
        assert_eq!(letters.len(), 27);
        assert_eq!(letters[0]["letter"], "#");
        assert_eq!(letters[26]["letter"], "z");
        let sum: u64 = letters.iter().map(|l| l["count"].as_u64().unwrap()).sum();
        assert_eq!(sum, expected, "{lang}");
        assert!(body["source"]["name"].is_string());
    }
}

#[tokio::test]
async fn a_letter_is_walked_page_by_page_in_order_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let count = page(&app, "/v1/glossary/terms?lang=es&letter=q&limit=1").await["total"]
        .as_u64()
        .unwrap();
    let terms = walk(&app, "/v1/glossary/terms?lang=es&letter=q&limit=7").await;
    assert_eq!(terms.len() as u64, count);
    let ids: HashSet<u64> = terms.iter().map(|t| t["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), terms.len(), "no repeats");
    let folded: Vec<String> = terms
        .iter()
        .map(|t| glossary::domain::fold::normalize(t["name"].as_str().unwrap()))
        .collect();
    assert!(
        folded.windows(2).all(|w| w[0] <= w[1]),
        "alphabetical: {folded:?}"
    );
    assert!(folded.iter().all(|name| name.starts_with('q')));
}

#[tokio::test]
async fn accents_are_folded_and_digits_and_symbols_go_under_hash() {
    let app = spawn_app().await;
    // Spanish names starting with an accented letter are listed under the plain letter.
    let under_o = walk(&app, "/v1/glossary/terms?lang=es&letter=o&limit=100").await;
    assert!(under_o
        .iter()
        .any(|t| t["name"].as_str().unwrap().starts_with('ó')));
    let hash = walk(&app, "/v1/glossary/terms?lang=en&letter=%23&limit=100").await;
    let names: Vec<&str> = hash.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for expected in ["5-FU", "3-D", "[18F]SPA-RQ", "504 plan"] {
        assert!(names.contains(&expected), "{expected} under #: {names:?}");
    }
    assert!(names
        .iter()
        .all(|n| !n.chars().next().unwrap().is_ascii_alphabetic()));
}

#[tokio::test]
async fn a_cursor_stays_valid_and_pages_do_not_overlap() {
    let app = spawn_app().await;
    let first = page(&app, "/v1/glossary/terms?letter=c&limit=5").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = page(
        &app,
        &format!("/v1/glossary/terms?letter=c&limit=5&cursor={cursor}"),
    )
    .await;
    let again = page(
        &app,
        &format!("/v1/glossary/terms?letter=c&limit=5&cursor={cursor}"),
    )
    .await;
    assert_eq!(second, again, "the same cursor gives the same page");
    let first_ids: Vec<&Value> = first["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["id"])
        .collect();
    assert!(second["terms"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| !first_ids.contains(&&t["id"])));
    // The whole list, without a letter, starts with `#` names and ends with `z`.
    let all = page(&app, "/v1/glossary/terms?limit=100").await;
    assert_eq!(all["total"], 8092);
    assert!(all["letter"].is_null());
    assert!(all["terms"][0]["name"]
        .as_str()
        .unwrap()
        .starts_with(|c: char| c.is_ascii_digit()));
}

#[tokio::test]
async fn bad_parameters_are_400_problems_naming_them() {
    let app = spawn_app().await;
    for (query, field) in [
        ("letter=A", "letter"),
        ("letter=ab", "letter"),
        ("letter=%C3%B1", "letter"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("limit=-1", "limit"),
        ("cursor=a", "cursor"),
        ("cursor=", "cursor"),
        ("cursor=not%20base64", "cursor"),
        ("lang=de", "lang"),
    ] {
        let problem =
            expect_problem(app.get(&format!("/v1/glossary/terms?{query}")).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        assert_eq!(problem["errors"][0]["in"], "query", "{query}");
    }
}
