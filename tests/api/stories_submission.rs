//! Sharing a story: the form, validation, consents, abuse checks and idempotency.

use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::expect_problem;
use crate::stories_helpers::{spawn_stories_app, spawn_stories_app_with, valid_story};

#[tokio::test]
async fn the_form_tells_a_frontend_everything_it_needs_in_both_languages() {
    let stories = spawn_stories_app().await;
    for (lang, patient, consent_start) in
        [("en", "Patient", "I agree"), ("es", "Paciente", "Acepto")]
    {
        let response = stories
            .app
            .get(&format!("/v1/stories/form?lang={lang}"))
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(response.headers()["content-language"], lang);
        let form: Value = response.json().await.unwrap();
        assert_eq!(
            form["roles"][0],
            json!({"code": "patient", "label": patient})
        );
        let role_codes: Vec<&str> = form["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            role_codes,
            [
                "patient",
                "caregiver",
                "family_member",
                "clinician",
                "other"
            ]
        );
        for list in ["cancer_types", "treatments", "age_ranges"] {
            assert!(form[list].as_array().unwrap().len() >= 5, "{list}");
        }
        let consents = form["consents"].as_array().unwrap();
        assert_eq!(consents.len(), 3);
        assert!(consents[0]["text"]
            .as_str()
            .unwrap()
            .starts_with(consent_start));
        assert_eq!(consents[0]["required"], true);
        assert_eq!(consents[2]["purpose"], "contact");
        assert_eq!(consents[2]["required"], false);
        assert_eq!(form["consent_version"], "2026-11-27");
        assert_eq!(form["limits"]["body_min"], 100);
        assert_eq!(form["honeypot_field"], "website");
        assert!(form["form_token"].as_str().unwrap().len() > 20);
        assert_eq!(form["captcha"]["provider"], "none");
    }
}

#[tokio::test]
async fn a_valid_story_is_accepted_pending_with_a_private_withdrawal_token() {
    let stories = spawn_stories_app().await;
    let accepted = stories.submit_valid(|_| {}).await;
    assert_eq!(accepted["status"], "pending");
    let id = accepted["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert!(
        accepted["withdrawal_token"].as_str().unwrap().len() >= 43,
        "256 bits"
    );

    let stored = stories.moderation_view(id).await;
    assert_eq!(stored["status"], "pending");
    assert_eq!(stored["revisions"][0]["title"], "Two years on nivolumab");
    assert_eq!(stored["profile"]["cancer_type"], "melanoma");
    let consents = stored["consents"].as_array().unwrap();
    assert_eq!(consents.len(), 3);
    for consent in consents {
        assert_eq!(consent["text_version"], "2026-11-27");
        assert_eq!(consent["recorded_at"], "2026-11-27T15:01:00Z");
        assert_eq!(consent["text_sha256"].as_str().unwrap().len(), 64);
    }
    assert_eq!(consents[0]["purpose"], "publish_health_information");
    assert_eq!(consents[0]["granted"], true);
    assert_eq!(consents[2]["granted"], false);
    let stored_text = stored.to_string();
    assert!(
        !stored_text.contains(accepted["withdrawal_token"].as_str().unwrap()),
        "the token is never stored"
    );
    assert_eq!(stories.metric_count("StorySubmitted"), 1);
}

#[tokio::test]
async fn each_invalid_field_is_named_and_nothing_is_stored() {
    let stories = spawn_stories_app().await;
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 16] = [
        ("title", |b| b["title"] = json!("Hi")),
        ("body", |b| b["body"] = json!("Too short to be a story.")),
        ("body", |b| b["body"] = json!("x".repeat(10_001))),
        ("display_name", |b| {
            b["display_name"] = json!("n".repeat(51))
        }),
        ("role", |b| b["role"] = json!("astronaut")),
        ("cancer_type", |b| b["cancer_type"] = json!("cold")),
        ("treatment", |b| b["treatment"] = json!("homeopathy")),
        ("age_range", |b| b["age_range"] = json!("0_1")),
        ("lang", |b| b["lang"] = json!("fr")),
        ("consents.publish_health_information", |b| {
            b["consents"]["publish_health_information"] = json!(false)
        }),
        ("consents.patient_permission", |b| {
            b["consents"]["patient_permission"] = json!(false)
        }),
        ("consent_version", |b| {
            b["consent_version"] = json!("2025-01-01")
        }),
        ("contact_email", |b| {
            b["contact_email"] = json!("ana@example.org")
        }),
        ("contact_email", |b| {
            b["consents"]["contact"] = json!(true);
            b["contact_email"] = json!("not an email");
        }),
        ("title", |b| {
            b.as_object_mut().unwrap().remove("title");
        }),
        ("consents.patient_permission", |b| {
            b["consents"]
                .as_object_mut()
                .unwrap()
                .remove("patient_permission");
        }),
    ];
    for (field, edit) in cases {
        let mut body = valid_story(&stories.form_token().await);
        edit(&mut body);
        let problem = expect_problem(stories.submit(&body, None).await, 400).await;
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, [field], "{problem}");
        assert_eq!(problem["errors"][0]["in"], "body");
    }
    assert!(stories.queue("pending").await.is_empty(), "nothing stored");
    assert_eq!(stories.metric_count("StorySubmitted"), 0);
}

#[tokio::test]
async fn malformed_oversized_or_non_json_bodies_are_refused() {
    let stories = spawn_stories_app().await;
    let post = |body: Vec<u8>, content_type: &'static str| {
        stories
            .app
            .client
            .post(stories.app.url("/v1/stories"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let problem = expect_problem(
        post(b"{\"title\": ".to_vec(), "application/json")
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "body");
    expect_problem(
        post(b"title=x".to_vec(), "application/x-www-form-urlencoded")
            .await
            .unwrap(),
        415,
    )
    .await;
    let mut huge = valid_story("t");
    huge["body"] = json!("x".repeat(70 * 1024));
    expect_problem(
        post(huge.to_string().into_bytes(), "application/json")
            .await
            .unwrap(),
        413,
    )
    .await;
    expect_problem(
        post(b"[1, 2]".to_vec(), "application/json").await.unwrap(),
        400,
    )
    .await;
}

#[tokio::test]
async fn a_filled_honeypot_is_refused_and_nothing_is_stored() {
    let stories = spawn_stories_app().await;
    let mut body = valid_story(&stories.form_token().await);
    body["website"] = json!("http://spam.example");
    let problem = expect_problem(stories.submit(&body, None).await, 400).await;
    assert_eq!(problem["errors"][0]["field"], "website");
    assert!(stories.queue("pending").await.is_empty());
}

#[tokio::test]
async fn the_time_trap_refuses_forms_sent_too_fast_too_late_or_forged() {
    let stories = spawn_stories_app().await;
    let form: Value = stories
        .app
        .get("/v1/stories/form")
        .await
        .json()
        .await
        .unwrap();
    let token = form["form_token"].as_str().unwrap().to_owned();

    stories.clock.advance(Duration::from_secs(1));
    let too_fast = expect_problem(stories.submit(&valid_story(&token), None).await, 400).await;
    assert_eq!(too_fast["errors"][0]["field"], "form_token");
    assert!(too_fast["detail"].as_str().unwrap().contains("too quickly"));

    stories.clock.advance(Duration::from_secs(25 * 3600));
    let too_late = expect_problem(stories.submit(&valid_story(&token), None).await, 400).await;
    assert!(too_late["detail"].as_str().unwrap().contains("expired"));

    let forged = expect_problem(
        stories
            .submit(&valid_story("1795791600000.abcd.AAAA"), None)
            .await,
        400,
    )
    .await;
    assert_eq!(forged["errors"][0]["field"], "form_token");
    assert!(stories.queue("pending").await.is_empty());
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let stories = spawn_stories_app_with(immunoguide::Stores::empty(), |options| {
        options.stories.common.form.rate_limit.limit = 2;
    })
    .await;
    stories.submit_valid(|_| {}).await;
    stories.submit_valid(|_| {}).await;
    let body = valid_story(&stories.form_token().await);
    let response = stories.submit(&body, None).await;
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    expect_problem(response, 429).await;
    // 15:03 now: the window ends at 16:00.
    assert_eq!(retry_after, 57 * 60);
    assert_eq!(stories.queue("pending").await.len(), 2);
    assert_eq!(stories.metric_count("StoryRateLimited"), 1);

    stories.clock.advance(Duration::from_secs(3600));
    let body = valid_story(&stories.form_token().await);
    assert_eq!(
        stories.submit(&body, None).await.status(),
        202,
        "a new hour"
    );
}

#[tokio::test]
async fn links_emails_and_phone_numbers_hold_a_story_for_review_without_refusing_it() {
    let stories = spawn_stories_app().await;
    let cases = [
        (
            "contains_email",
            " Write to me at ana.r@example.org if you are going through the same.",
        ),
        (
            "contains_phone",
            " My nurse line was (555) 123-4567 and they were wonderful.",
        ),
        (
            "many_links",
            " https://a.example https://b.example https://c.example",
        ),
    ];
    for (flag, extra) in cases {
        let accepted = stories
            .submit_valid(|body| {
                body["body"] = json!(format!("{}{extra}", body["body"].as_str().unwrap()))
            })
            .await;
        assert_eq!(accepted["status"], "pending", "the submitter is not told");
        let stored = stories
            .moderation_view(accepted["id"].as_str().unwrap())
            .await;
        assert_eq!(stored["status"], "held");
        assert_eq!(stored["flags"], json!([flag]));
    }
    assert_eq!(stories.queue("held").await.len(), 3);
    assert!(stories.queue("pending").await.is_empty());
    assert_eq!(stories.metric_count("StoryHeld"), 3);
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_gets_the_same_answer_and_one_story() {
    let stories = spawn_stories_app().await;
    let body = valid_story(&stories.form_token().await);
    let first = stories.submit(&body, Some("key-1")).await;
    assert_eq!(first.status(), 202);
    let first: Value = first.json().await.unwrap();
    let again = stories.submit(&body, Some("key-1")).await;
    assert_eq!(again.status(), 202);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first, "same id and the same withdrawal token");
    assert_eq!(stories.queue("pending").await.len(), 1);

    let mut other = body.clone();
    other["title"] = json!("A different title");
    let problem = expect_problem(stories.submit(&other, Some("key-1")).await, 422).await;
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("different request body"));

    let bad_key = stories.submit(&body, Some(&"k".repeat(300))).await;
    let problem = expect_problem(bad_key, 400).await;
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn a_failed_request_does_not_burn_its_idempotency_key() {
    let stories = spawn_stories_app().await;
    let mut body = valid_story(&stories.form_token().await);
    body["role"] = json!("astronaut");
    expect_problem(stories.submit(&body, Some("key-2")).await, 400).await;
    body["role"] = json!("patient");
    assert_eq!(stories.submit(&body, Some("key-2")).await.status(), 202);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_store_one_story() {
    let stories = spawn_stories_app().await;
    let body = valid_story(&stories.form_token().await);
    let requests = (0..12).map(|_| stories.submit(&body, Some("racing-key")));
    let responses = futures::future::join_all(requests).await;
    let mut ids = std::collections::HashSet::new();
    for response in responses {
        match response.status().as_u16() {
            202 => {
                let answer: Value = response.json().await.unwrap();
                ids.insert(answer["id"].as_str().unwrap().to_owned());
            }
            409 => {
                expect_problem(response, 409).await;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(ids.len(), 1, "every success names the same story");
    assert_eq!(stories.queue("pending").await.len(), 1);
}

/// Writes that take a while, so that a second request arrives while the first runs; every
/// other port is the embedded store's own.
struct SlowWrites(std::sync::Arc<dyn stories::store::StoryWriter>);

#[async_trait::async_trait]
impl stories::store::StoryWriter for SlowWrites {
    async fn create(
        &self,
        story: &stories::domain::story::StoryRecord,
        audit: &stories::domain::story::AuditEntry,
    ) -> Result<stories::store::Created, shared::storage::StorageError> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.0.create(story, audit).await
    }

    async fn replace(
        &self,
        story: &stories::domain::story::StoryRecord,
        expected_version: u32,
        audit: &stories::domain::story::AuditEntry,
        rewritten: &[stories::domain::story::AuditEntry],
    ) -> Result<stories::store::Replace, shared::storage::StorageError> {
        self.0
            .replace(story, expected_version, audit, rewritten)
            .await
    }
}

#[tokio::test]
async fn the_same_key_while_the_first_request_runs_waits_for_its_answer() {
    let embedded = stories::store::StoryPorts::of(stories::store::MemoryStoryStore::new());
    let stores = immunoguide::Stores {
        stories: stories::store::StoryPorts {
            writer: std::sync::Arc::new(SlowWrites(embedded.writer.clone())),
            ..embedded
        },
        ..immunoguide::Stores::empty()
    };
    let stories = spawn_stories_app_with(stores, |_| {}).await;
    let body = valid_story(&stories.form_token().await);
    let (first, second) = tokio::join!(stories.submit(&body, Some("slow-key")), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        stories.submit(&body, Some("slow-key")).await
    });
    assert_eq!(first.status(), 202);
    assert_eq!(second.status(), 202, "not a 409: it waited for the first");
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    let (first, second): (Value, Value) =
        (first.json().await.unwrap(), second.json().await.unwrap());
    assert_eq!(first, second);
    let replay = stories.submit(&body, Some("slow-key")).await;
    assert_eq!(
        replay.status(),
        202,
        "once finished, the answer is replayed"
    );
}
