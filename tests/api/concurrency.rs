//! Concurrency on both adapters: 200 identical story submissions racing with one
//! `Idempotency-Key` store one story and all get the same answer; and a short, bounded burst
//! of every route from many clients at once answers no 5xx. (The 30-second load run with
//! latencies is `scripts/load-test`, not a test: figures come from scripts.)

use futures::future::join_all;
use serde_json::{json, Value};

use crate::adapters::seeded_on;
use crate::community_helpers::signup_body;
use crate::stories_helpers::{spawn_stories_app_with, valid_story, StoriesApp};

const RACERS: usize = 200;

/// `count` fresh form tokens from `form`, then a person's minute passes for all of them.
async fn fresh_tokens(stories: &StoriesApp, form: &str, count: usize) -> Vec<String> {
    let forms = join_all((0..count).map(|_| stories.app.get(form))).await;
    let mut tokens = Vec::new();
    for response in forms {
        let form: Value = response.json().await.unwrap();
        tokens.push(form["form_token"].as_str().unwrap().to_owned());
    }
    stories.clock.advance(std::time::Duration::from_secs(60));
    tokens
}

async fn racing_submissions_store_one_story(adapter: &str) {
    let stories = spawn_stories_app_with(seeded_on(adapter).await, |_| {}).await;
    let tokens = fresh_tokens(&stories, "/v1/stories/form?lang=en", RACERS).await;
    // One story, each copy sent with its own fresh form token, as a client that reloads the
    // form before retrying would.
    let racers = tokens.iter().map(|token| async {
        let response = stories
            .submit(&valid_story(token), Some("one-key-for-200"))
            .await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    });
    let answers = join_all(racers).await;
    let (status, first) = &answers[0];
    assert_eq!(*status, 202, "{adapter}: {first}");
    for (index, answer) in answers.iter().enumerate() {
        assert_eq!(answer, &answers[0], "{adapter}: answer {index}");
    }
    let first: Value = serde_json::from_str(first).unwrap();
    let queue = stories.queue("pending").await;
    assert_eq!(queue.len(), 1, "{adapter}: one story");
    assert_eq!(queue[0]["id"], first["id"], "{adapter}");
}

#[tokio::test]
async fn racing_identical_submissions_store_one_story_and_get_one_answer_embedded() {
    racing_submissions_store_one_story("embedded").await;
}

#[tokio::test]
async fn racing_identical_submissions_store_one_story_and_get_one_answer_on_dynamodb() {
    racing_submissions_store_one_story("dynamodb").await;
}

/// Every route, as (method, path, body): the reads, and the writes with forged or missing
/// credentials that must be refused, besides the real submissions sent separately.
pub fn every_route() -> Vec<(reqwest::Method, &'static str, Option<Value>)> {
    use reqwest::Method;
    let forged = Some(json!({"token": "forged.token"}));
    vec![
        (Method::GET, "/v1/pages?lang=en", None),
        (
            Method::GET,
            "/v1/pages/clinical-trials-overview?lang=es",
            None,
        ),
        (Method::GET, "/v1/contact?lang=en", None),
        (
            Method::GET,
            "/v1/glossary/terms/immunotherapy?lang=en",
            None,
        ),
        (
            Method::GET,
            "/v1/glossary/terms?lang=en&letter=t&limit=5",
            None,
        ),
        (
            Method::GET,
            "/v1/glossary/search?lang=en&q=imunotherapy",
            None,
        ),
        (Method::GET, "/v1/glossary/suggest?lang=en&q=cel", None),
        (Method::GET, "/v1/stories/form?lang=en", None),
        (Method::GET, "/v1/stories?lang=en&limit=5", None),
        (
            Method::GET,
            "/v1/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
            None,
        ),
        (
            Method::DELETE,
            "/v1/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
            None,
        ),
        (Method::GET, "/v1/moderation/stories?status=pending", None),
        (Method::GET, "/v1/community/form?lang=en", None),
        (Method::POST, "/v1/community/confirmations", forged.clone()),
        (Method::POST, "/v1/community/unsubscribe", forged.clone()),
        (Method::POST, "/v1/community/erasure", forged),
        (Method::GET, "/v1/openapi.json", None),
    ]
}

async fn a_burst_of_every_route_is_never_a_5xx(adapter: &str) {
    const CLIENTS: usize = 16;
    let stories = spawn_stories_app_with(seeded_on(adapter).await, |_| {}).await;
    let story_tokens = fresh_tokens(&stories, "/v1/stories/form?lang=en", CLIENTS).await;
    let signup_tokens = fresh_tokens(&stories, "/v1/community/form", CLIENTS).await;
    let stories = &stories;
    let clients = (0..CLIENTS).map(|client| {
        let story = valid_story(&story_tokens[client]);
        let signup = signup_body(
            &format!("burst{client}@example.org"),
            &signup_tokens[client],
        );
        async move {
            let mut statuses = Vec::new();
            for (method, path, body) in every_route() {
                let mut request = stories
                    .app
                    .client
                    .request(method.clone(), stories.app.url(path));
                if let Some(body) = body {
                    request = request.json(&body);
                }
                statuses.push((
                    format!("{method} {path}"),
                    request.send().await.unwrap().status(),
                ));
            }
            let posted = stories
                .submit(&story, Some(&format!("burst-{client}")))
                .await;
            statuses.push(("POST /v1/stories".to_owned(), posted.status()));
            let url = stories.app.url("/v1/community/signups");
            let joined = stories
                .app
                .client
                .post(url)
                .json(&signup)
                .send()
                .await
                .unwrap();
            statuses.push(("POST /v1/community/signups".to_owned(), joined.status()));
            statuses
        }
    });
    let mut answered = 0;
    for statuses in join_all(clients).await {
        for (route, status) in statuses {
            assert!(
                !status.is_server_error(),
                "{adapter}: {route} answered {status}"
            );
            answered += 1;
        }
    }
    assert_eq!(answered, CLIENTS * (every_route().len() + 2));
}

#[tokio::test]
async fn a_burst_of_every_route_is_never_a_5xx_embedded() {
    a_burst_of_every_route_is_never_a_5xx("embedded").await;
}

#[tokio::test]
async fn a_burst_of_every_route_is_never_a_5xx_on_dynamodb() {
    a_burst_of_every_route_is_never_a_5xx("dynamodb").await;
}
