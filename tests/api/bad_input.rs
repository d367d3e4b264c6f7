//! The bad-input corpus (`bad_input_corpus.rs`) on both adapters: every case is a 4xx
//! problem+json whose `errors[]` names the field, and afterwards nothing is stored: no story in
//! any queue, no member, no email (and on DynamoDB, no item in either table).

use immunoguide::local_auth::LocalJwtKey;
use serde_json::{json, Value};

use crate::adapters::{seeded_dynamo, seeded_on};
use crate::bad_input_corpus::{corpus, Auth, Body, Case, Edit};
use crate::community_helpers::{signup_body, spawn_community_app_with, CommunityApp};
use crate::dynamodb_local;
use crate::stories_helpers::valid_story;

/// Over 300 cases, whatever the tables grow to.
const AT_LEAST: usize = 300;

fn edited(mut body: Value, edit: &Edit) -> Value {
    let (path, value) = match edit {
        Edit::Set(path, value) => (*path, Some(value.clone())),
        Edit::Remove(path) => (*path, None),
    };
    let (parent, leaf) = match path.rsplit_once('.') {
        Some((parent, leaf)) => (&mut body[parent], leaf),
        None => (&mut body, path),
    };
    let fields = parent.as_object_mut().expect("an object to edit");
    match value {
        Some(value) => fields.insert(leaf.to_owned(), value),
        None => fields.remove(leaf),
    };
    body
}

async fn send(community: &CommunityApp, moderator: &LocalJwtKey, case: &Case) -> reqwest::Response {
    let app = &community.app;
    let mut request = app.client.request(case.method.clone(), app.url(&case.path));
    match &case.auth {
        Auth::None => {}
        Auth::Moderator => {
            let token = moderator.mint(
                "mod-1",
                &["moderators".to_owned()],
                chrono::Duration::hours(1),
            );
            request = request.bearer_auth(token);
        }
        Auth::Bearer(token) => request = request.header("authorization", format!("Bearer {token}")),
    }
    let json_body = match &case.body {
        Body::None => None,
        Body::Raw(content_type, bytes) => {
            if let Some(content_type) = content_type {
                request = request.header("content-type", *content_type);
            }
            request = request.body(bytes.clone());
            None
        }
        // A fresh form token for every POST, as a person's browser gets one.
        Body::Story(edit) => {
            let token = app
                .form_token("/v1/stories/form?lang=en", &community.clock)
                .await;
            Some(edited(valid_story(&token), edit))
        }
        Body::Signup(edit) => {
            let token = community.form_token().await;
            Some(edited(signup_body("corpus@example.org", &token), edit))
        }
        Body::Decision(edit) => Some(edited(
            json!({"action": "approve", "reason": "Helpful.", "version": 1, "title": "A fine title"}),
            edit,
        )),
        Body::Json(value) => Some(value.clone()),
    };
    if let Some(body) = json_body {
        request = request.json(&body);
    }
    request.send().await.expect("the app answers")
}

/// What is wrong with the answer to `case`, if anything.
async fn check(case: &Case, response: reqwest::Response) -> Option<String> {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    let text = response.text().await.unwrap_or_default();
    if !status.is_client_error() {
        return Some(format!("{}: {status} {text:.200}", case.name));
    }
    if content_type.as_deref() != Some("application/problem+json") {
        return Some(format!("{}: {status} as {content_type:?}", case.name));
    }
    let problem: Value = serde_json::from_str(&text).unwrap_or_default();
    let named = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|error| error["field"] == case.field);
    (!named).then(|| {
        format!(
            "{}: {status} does not name `{}`: {text:.300}",
            case.name, case.field
        )
    })
}

async fn corpus_on(adapter: &str) {
    let moderator = LocalJwtKey::new(b"corpus-moderator-key");
    let key = moderator.clone();
    let (stores, tables) = match adapter {
        "embedded" => (seeded_on(adapter).await, None),
        _ => {
            let client = dynamodb_local::client().await;
            let (stores, tables) = seeded_dynamo(client.clone()).await;
            (stores, Some((client, tables)))
        }
    };
    let community =
        spawn_community_app_with(stores, move |options| options.moderator_key = key).await;
    let cases = corpus();
    assert!(cases.len() >= AT_LEAST, "{} cases", cases.len());
    // The corpus size of docs/hardening.md (`cargo test --test api bad_input -- --nocapture`).
    println!("bad input on {adapter}: {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let response = send(&community, &moderator, case).await;
        failures.extend(check(case, response).await);
    }
    assert!(
        failures.is_empty(),
        "{adapter}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    // Nothing stored.
    let token = moderator.mint(
        "mod-1",
        &["moderators".to_owned()],
        chrono::Duration::hours(1),
    );
    for status in ["pending", "held", "approved", "rejected", "withdrawn"] {
        let path = format!("/v1/moderation/stories?status={status}");
        let queue = community.app.get_json_as(&path, &token).await;
        assert_eq!(queue["stories"], json!([]), "{adapter}: {status} stories");
    }
    assert!(
        community.member("corpus@example.org").await.is_none(),
        "{adapter}: a member"
    );
    assert!(community.mailer.sent().is_empty(), "{adapter}: an email");
    if let Some((client, tables)) = tables {
        for table in [&tables.stories, &tables.community] {
            let scan = client.scan().table_name(table).send().await.unwrap();
            assert_eq!(scan.count(), 0, "{adapter}: items in {table}");
        }
    }
}

#[tokio::test]
async fn every_bad_input_is_a_4xx_problem_naming_its_field_and_stores_nothing_embedded() {
    corpus_on("embedded").await;
}

#[tokio::test]
async fn every_bad_input_is_a_4xx_problem_naming_its_field_and_stores_nothing_on_dynamodb() {
    corpus_on("dynamodb").await;
}
