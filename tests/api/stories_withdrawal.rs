//! Withdrawal by the submitter, retention of rejected and withdrawn stories, and what the logs
//! never hold.

use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::expect_problem;
use crate::logs::{assert_logs_never_mention, captured_logs};
use crate::stories_helpers::spawn_stories_app;

#[tokio::test]
async fn the_withdrawal_token_unpublishes_and_erases_the_story() {
    let stories = spawn_stories_app().await;
    let accepted = stories
        .submit_valid(|body| {
            body["consents"]["contact"] = json!(true);
            body["contact_email"] = json!("withdrawing.person@example.org");
        })
        .await;
    let id = accepted["id"].as_str().unwrap();
    let token = accepted["withdrawal_token"].as_str().unwrap();
    stories.approve(id).await;
    let delete = |bearer: Option<String>| {
        let request = stories
            .app
            .client
            .delete(stories.app.url(&format!("/v1/stories/{id}")));
        match bearer {
            Some(bearer) => request.bearer_auth(bearer),
            None => request,
        }
        .send()
    };

    expect_problem(delete(None).await.unwrap(), 401).await;
    expect_problem(delete(Some("wrong-token".to_owned())).await.unwrap(), 404).await;
    assert_eq!(
        stories.app.get(&format!("/v1/stories/{id}")).await.status(),
        200,
        "still published"
    );

    assert_eq!(delete(Some(token.to_owned())).await.unwrap().status(), 204);
    assert_eq!(
        stories.app.get(&format!("/v1/stories/{id}")).await.status(),
        404
    );
    let list: Value = stories.app.get("/v1/stories").await.json().await.unwrap();
    assert!(list["stories"].as_array().unwrap().is_empty());

    let erased = stories.moderation_view(id).await;
    assert_eq!(erased["status"], "withdrawn");
    assert!(erased["profile"].is_null());
    assert!(erased["revisions"].as_array().unwrap().is_empty());
    let text = erased.to_string();
    for personal in [
        "withdrawing.person@example.org",
        "Ana R.",
        "nivolumab",
        "melanoma",
        // The moderator's reason may quote the story: it goes with the text.
        "Helpful and respectful.",
    ] {
        assert!(!text.contains(personal), "`{personal}` erased");
    }
    let audit = erased["audit"].as_array().unwrap();
    let actions: Vec<&str> = audit
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["submitted", "approved", "withdrawn"],
        "who did what stays"
    );
    assert_eq!(audit[1]["actor"], "moderator:mod-1");
    let last = audit.last().unwrap().clone();
    assert_eq!(last["action"], "withdrawn");
    assert_eq!(last["actor"], "submitter");
    assert_eq!(last["from"], "approved");

    assert_eq!(
        delete(Some(token.to_owned())).await.unwrap().status(),
        204,
        "idempotent"
    );
    assert_eq!(stories.metric_count("StoryWithdrawn"), 1);
    let decided = stories
        .decide(
            id,
            json!({"action": "approve", "reason": "x", "version": erased["version"]}),
        )
        .await;
    expect_problem(decided, 409).await;
}

/// No one reviews it in 90 days: the story is deleted unread; one approved in time stays.
#[tokio::test]
async fn a_story_no_moderator_reviews_is_deleted_after_ninety_days() {
    let stories = spawn_stories_app().await;
    let unreviewed = stories.submit_pending().await;
    let approved = stories.submit_pending().await;
    stories.clock.advance(Duration::from_secs(89 * 24 * 3600));
    assert_eq!(stories.queue("pending").await.len(), 2);
    stories.approve(&approved).await;

    stories.clock.advance(Duration::from_secs(2 * 24 * 3600));
    assert!(stories.queue("pending").await.is_empty());
    let response = stories
        .as_moderator(
            reqwest::Method::GET,
            &format!("/v1/moderation/stories/{unreviewed}"),
            None,
        )
        .await;
    expect_problem(response, 404).await;
    stories
        .clock
        .advance(Duration::from_secs(3 * 365 * 24 * 3600));
    let published = stories.app.get(&format!("/v1/stories/{approved}")).await;
    assert_eq!(published.status(), 200, "approval clears the deadline");
}

#[tokio::test]
async fn rejected_and_withdrawn_stories_disappear_after_retention_even_before_ttl_runs() {
    let stories = spawn_stories_app().await;
    let rejected = stories.submit_pending().await;
    let response = stories
        .decide(
            &rejected,
            json!({"action": "reject", "reason": "Off topic.", "version": 1}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let accepted = stories.submit_valid(|_| {}).await;
    let withdrawn = accepted["id"].as_str().unwrap().to_owned();
    let token = accepted["withdrawal_token"].as_str().unwrap();
    let response = stories
        .app
        .client
        .delete(stories.app.url(&format!("/v1/stories/{withdrawn}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    stories.clock.advance(Duration::from_secs(29 * 24 * 3600));
    assert_eq!(stories.queue("rejected").await.len(), 1);
    assert_eq!(stories.queue("withdrawn").await.len(), 1);

    stories.clock.advance(Duration::from_secs(2 * 24 * 3600));
    assert!(stories.queue("rejected").await.is_empty());
    assert!(stories.queue("withdrawn").await.is_empty());
    for id in [&rejected, &withdrawn] {
        let response = stories
            .as_moderator(
                reqwest::Method::GET,
                &format!("/v1/moderation/stories/{id}"),
                None,
            )
            .await;
        expect_problem(response, 404).await;
    }
}

#[tokio::test]
async fn no_email_or_story_text_ever_reaches_the_logs() {
    captured_logs();
    let stories = spawn_stories_app().await;
    let email = "log.scan.person@example.org";
    let story_text = "The infusion room nurses at my hospital sang to me on my last treatment day, which I will never forget.";
    let accepted = stories
        .submit_valid(|body| {
            body["consents"]["contact"] = json!(true);
            body["contact_email"] = json!(email);
            body["body"] = json!(story_text);
            body["display_name"] = json!("Logscan Pseudonym");
        })
        .await;
    let id = accepted["id"].as_str().unwrap();
    stories.approve(id).await;
    stories.app.get(&format!("/v1/stories/{id}")).await;
    let mut invalid = crate::stories_helpers::valid_story("bad-token");
    invalid["contact_email"] = json!("invalid.person@example.org");
    invalid["body"] = json!(
        "A rejected secret story text that must never be logged anywhere, not even on errors."
    );
    stories.submit(&invalid, None).await;
    let token = accepted["withdrawal_token"].as_str().unwrap();
    stories
        .app
        .client
        .delete(stories.app.url(&format!("/v1/stories/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_logs_never_mention(&[
        email,
        "invalid.person@example.org",
        story_text,
        "A rejected secret story text",
        "Logscan Pseudonym",
        token,
        "127.0.0.1",
    ]);
    assert!(
        captured_logs().text().contains("/v1/stories"),
        "the scenario was logged"
    );
}
