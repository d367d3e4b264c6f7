//! Every error is RFC 9457 problem+json, and bad input is never a 5xx.

use crate::helpers::{expect_problem, spawn_app};

const ROUTES: [&str; 7] = [
    "/v1/pages",
    "/v1/pages/clinical-trials-overview",
    "/v1/contact",
    "/v1/glossary/terms/t-cell",
    "/v1/glossary/terms",
    "/v1/glossary/search?q=cancer",
    "/v1/glossary/suggest?q=cancer",
];

#[tokio::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/v1",
        "/v1/page",
        "/v2/pages",
        "/v1/pages/a/b",
        "/v1/contact/extra",
    ] {
        expect_problem(app.get(path).await, 404).await;
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem_with_allow() {
    let app = spawn_app().await;
    for path in ROUTES {
        for method in [
            reqwest::Method::POST,
            reqwest::Method::PUT,
            reqwest::Method::DELETE,
            reqwest::Method::PATCH,
        ] {
            let response = app
                .client
                .request(method.clone(), app.url(path))
                .send()
                .await
                .unwrap();
            let allow = response
                .headers()
                .get("allow")
                .map(|v| v.to_str().unwrap().to_owned());
            expect_problem(response, 405).await;
            let allow = allow.unwrap_or_else(|| panic!("{method} {path} has an Allow header"));
            assert!(allow.contains("GET") && allow.contains("HEAD"), "{allow}");
        }
    }
}

#[tokio::test]
async fn an_oversized_request_is_a_413_problem() {
    let app = spawn_app().await;
    let body = vec![b'x'; 200 * 1024];
    for path in ROUTES {
        let response = app
            .client
            .get(app.url(path))
            .body(body.clone())
            .send()
            .await
            .unwrap();
        expect_problem(response, 413).await;
    }
}

#[tokio::test]
async fn malformed_requests_are_4xx_problems_never_5xx() {
    let app = spawn_app().await;
    let cases: [(&str, u16); 6] = [
        ("/v1/pages/%FF%FE", 400),
        ("/v1/pages?lang=%ZZ", 400),
        ("/v1/pages?lang=es&lang=en", 400),
        ("/v1/contact?lang[]=es", 200),
        ("/v1/pages/clinical-trials-overview?lang=%00", 400),
        ("/v1/pages/%2e%2e%2fetc", 400),
    ];
    for (path, status) in cases {
        let response = app.get(path).await;
        if status == 200 {
            assert_eq!(
                response.status(),
                200,
                "{path}: unknown parameters are ignored"
            );
        } else {
            expect_problem(response, status).await;
        }
    }
}

#[tokio::test]
async fn malformed_glossary_requests_are_4xx_problems_never_5xx() {
    let app = spawn_app().await;
    for path in [
        "/v1/glossary/terms/%FF%FE",
        "/v1/glossary/search?q=a&q=b",
        "/v1/glossary/search?q=a&limit=1.5",
        "/v1/glossary/search?q=a&limit=99999999999999999999",
        "/v1/glossary/suggest?q=a&lang=%00",
        "/v1/glossary/terms?letter=%23%23",
        "/v1/glossary/terms?cursor=%00%00",
        // Control, invalid UTF-8 and zero-width characters are no search (bad_input.rs has more).
        "/v1/glossary/search?q=%00",
        "/v1/glossary/search?q=%FF",
        "/v1/glossary/suggest?q=%E2%80%8B",
    ] {
        let response = app.get(path).await;
        assert!(
            response.status().is_client_error(),
            "{path}: {}",
            response.status()
        );
        expect_problem(response, 400).await;
    }
    for path in [
        "/v1/glossary/search?q=%F0%9F%A6%80%F0%9F%A6%80",
        "/v1/glossary/search?q=a%20%20%20b&match=contains",
    ] {
        assert_eq!(app.get(path).await.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn odd_headers_do_not_break_anything() {
    let app = spawn_app().await;
    let headers: [(&str, &str); 5] = [
        ("accept-language", ";;q=abc,,*;q=2"),
        ("accept-language", &"es,".repeat(2000)),
        ("if-none-match", "not-a-quoted-etag, W/"),
        ("x-request-id", "<script>alert(1)</script>"),
        ("x-request-id", &"a".repeat(500)),
    ];
    for (name, value) in headers {
        let response = app
            .get_with("/v1/pages/clinical-trials-overview", &[(name, value)])
            .await;
        assert_eq!(response.status(), 200, "{name}: {value}");
        let request_id = response.headers()["x-request-id"].to_str().unwrap();
        assert!(
            !request_id.contains('<') && request_id.len() <= 64,
            "{request_id}"
        );
    }
}

#[tokio::test]
async fn a_sane_client_request_id_is_echoed_and_otherwise_one_is_made() {
    let app = spawn_app().await;
    let echoed = app
        .get_with("/v1/contact", &[("x-request-id", "trace-123")])
        .await;
    assert_eq!(echoed.headers()["x-request-id"], "trace-123");
    let made = app.get("/v1/contact").await;
    assert_eq!(made.headers()["x-request-id"].len(), 36, "a UUID");
    let problem = app.get("/nowhere").await;
    assert!(
        problem.headers().contains_key("x-request-id"),
        "errors carry the id too"
    );
}
