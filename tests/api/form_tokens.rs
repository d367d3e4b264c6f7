//! Form tokens are single use, on both adapters: a token whose submission was accepted is
//! refused afterwards (a 400 naming `form_token`), racing reuses let exactly one through, a
//! refused submission gives its token back, and an idempotent retry still gets the first answer.

use std::time::Duration;

use immunoguide::Stores;
use serde_json::Value;

use crate::community_helpers::{signup_body, spawn_community_app_with, CommunityApp};
use crate::helpers::expect_problem;
use crate::stories_helpers::{spawn_stories_app, valid_story};

async fn dynamo_stores() -> Stores {
    let client = crate::dynamodb_local::client().await;
    let tables = crate::dynamodb_local::fresh_tables(&client).await;
    Stores::dynamo(client, &tables)
}

async fn community_on(stores: Stores, rate_limit: u64) -> CommunityApp {
    spawn_community_app_with(stores, |options| {
        options.community.common.form.rate_limit.limit = rate_limit;
        options.http.request_timeout = Duration::from_secs(60);
    })
    .await
}

fn assert_names_form_token(problem: &Value) {
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| error["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["form_token"], "{problem}");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already been used"),
        "{problem}"
    );
}

/// The mail-bombing of issue 12: one token, four addresses. Only the first is accepted.
async fn one_token_signs_up_once(community: CommunityApp) {
    let token = community.form_token().await;
    let first = community
        .post(
            "/v1/community/signups",
            &signup_body("v+1@example.org", &token),
        )
        .await;
    assert_eq!(first.status(), 202);
    for email in ["v+2@example.org", "v+3@example.org", "w@example.org"] {
        let reused = community
            .post("/v1/community/signups", &signup_body(email, &token))
            .await;
        assert_names_form_token(&expect_problem(reused, 400).await);
        assert!(community.member(email).await.is_none(), "nothing stored");
        assert!(community.mails_to(email).is_empty(), "nothing sent");
    }
}

#[tokio::test]
async fn a_community_token_is_refused_after_one_signup() {
    one_token_signs_up_once(community_on(Stores::empty(), 100).await).await;
}

#[tokio::test]
async fn a_community_token_is_refused_after_one_signup_on_dynamodb() {
    one_token_signs_up_once(community_on(dynamo_stores().await, 100).await).await;
}

/// Racing reuses of one token: exactly one is accepted, the spend being atomic.
async fn racing_reuses_let_one_through(community: CommunityApp) {
    let token = community.form_token().await;
    let bodies: Vec<Value> = (0..20)
        .map(|n| signup_body(&format!("racer{n}@example.org"), &token))
        .collect();
    let answers = futures::future::join_all(
        bodies
            .iter()
            .map(|body| community.post("/v1/community/signups", body)),
    )
    .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 202).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 400).count(),
        19,
        "{statuses:?}"
    );
    let mailed = (0..20)
        .filter(|n| {
            !community
                .mails_to(&format!("racer{n}@example.org"))
                .is_empty()
        })
        .count();
    assert_eq!(mailed, 1);
}

#[tokio::test]
async fn racing_reuses_of_a_token_let_exactly_one_through() {
    racing_reuses_let_one_through(community_on(Stores::empty(), 100).await).await;
}

#[tokio::test]
async fn racing_reuses_of_a_token_let_exactly_one_through_on_dynamodb() {
    racing_reuses_let_one_through(community_on(dynamo_stores().await, 100).await).await;
}

/// A submission that was refused (here: rate-limited) did not spend its token.
async fn a_refused_submission_gives_its_token_back(community: CommunityApp) {
    let tokens = community.form_tokens(2).await;
    let accepted = community
        .post(
            "/v1/community/signups",
            &signup_body("a@example.org", &tokens[0]),
        )
        .await;
    assert_eq!(accepted.status(), 202);
    let body = signup_body("b@example.org", &tokens[1]);
    let limited = community.post("/v1/community/signups", &body).await;
    assert_eq!(limited.status(), 429);
    community.clock.advance(Duration::from_secs(3600));
    let later = community.post("/v1/community/signups", &body).await;
    assert_eq!(later.status(), 202, "the token was given back");
    community.clock.advance(Duration::from_secs(3600));
    let again = community.post("/v1/community/signups", &body).await;
    assert_names_form_token(&expect_problem(again, 400).await);
}

#[tokio::test]
async fn a_refused_submission_gives_its_token_back_embedded() {
    a_refused_submission_gives_its_token_back(community_on(Stores::empty(), 1).await).await;
}

#[tokio::test]
async fn a_refused_submission_gives_its_token_back_on_dynamodb() {
    a_refused_submission_gives_its_token_back(community_on(dynamo_stores().await, 1).await).await;
}

#[tokio::test]
async fn a_story_token_is_refused_after_one_submission_and_retries_replay() {
    let stories = spawn_stories_app().await;
    let token = stories.form_token().await;
    let body = valid_story(&token);
    let first = stories.submit(&body, Some("key-1")).await;
    assert_eq!(first.status(), 202);
    let first: Value = first.json().await.unwrap();

    // The same key and body: the first answer, not a refusal of the spent token.
    let retry = stories.submit(&body, Some("key-1")).await;
    assert_eq!(retry.status(), 202);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.unwrap(), first);

    // Another key, or none: a second submission with the spent token.
    for key in [Some("key-2"), None] {
        let reused = stories.submit(&body, key).await;
        assert_names_form_token(&expect_problem(reused, 400).await);
    }
    let mut edited = body.clone();
    edited["title"] = "Another title".into();
    let reused = stories.submit(&edited, Some("key-3")).await;
    assert_names_form_token(&expect_problem(reused, 400).await);
    assert_eq!(stories.queue("pending").await.len(), 1, "one story stored");
}
