//! Moderating stories: who may, what a decision does, and the audit trail.

use serde_json::{json, Value};

use crate::helpers::expect_problem;
use crate::stories_helpers::spawn_stories_app;

#[tokio::test]
async fn moderation_routes_need_a_moderators_token() {
    let stories = spawn_stories_app().await;
    let id = stories.submit_pending().await;
    let paths = [
        (reqwest::Method::GET, "/v1/moderation/stories".to_owned()),
        (reqwest::Method::GET, format!("/v1/moderation/stories/{id}")),
        (
            reqwest::Method::POST,
            format!("/v1/moderation/stories/{id}/decisions"),
        ),
    ];
    let outsider = stories.token("reader-1", &["readers"]);
    let forged = immunoguide::local_auth::LocalJwtKey::new(b"another-key").mint(
        "mod-1",
        &["moderators".to_owned()],
        chrono::Duration::hours(1),
    );
    for (method, path) in &paths {
        let request = || {
            stories
                .app
                .client
                .request(method.clone(), stories.app.url(path))
        };
        let none = request().send().await.unwrap();
        assert_eq!(none.headers()["www-authenticate"], "Bearer");
        expect_problem(none, 401).await;
        expect_problem(
            request().bearer_auth("not-a-jwt").send().await.unwrap(),
            401,
        )
        .await;
        expect_problem(request().bearer_auth(&forged).send().await.unwrap(), 401).await;
        let wrong_group = request()
            .bearer_auth(&outsider)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        expect_problem(wrong_group, 403).await;
    }
    let queue = stories.queue("pending").await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0]["title"], "Two years on nivolumab");
}

#[tokio::test]
async fn approving_publishes_the_story_without_personal_data() {
    let stories = spawn_stories_app().await;
    let accepted = stories
        .submit_valid(|body| {
            body["consents"]["contact"] = json!(true);
            body["contact_email"] = json!("ana.private@example.org");
        })
        .await;
    let id = accepted["id"].as_str().unwrap();
    assert_eq!(
        stories.app.get(&format!("/v1/stories/{id}")).await.status(),
        404,
        "not before approval"
    );
    assert_eq!(
        stories.moderation_view(id).await["profile"]["contact_email"],
        "ana.private@example.org"
    );

    let decided = stories.approve(id).await;
    assert_eq!(decided["status"], "approved");
    assert_eq!(decided["version"], 2);

    let public = stories.app.get(&format!("/v1/stories/{id}")).await;
    assert_eq!(public.status(), 200);
    assert!(public.headers().contains_key("etag"));
    let public: Value = public.json().await.unwrap();
    assert_eq!(public["title"], "Two years on nivolumab");
    assert_eq!(public["display_name"], "Ana R.");
    let text = public.to_string();
    for private in [
        "ana.private@example.org",
        "consent",
        "reason",
        "flags",
        "audit",
        "withdrawal",
    ] {
        assert!(
            !text.contains(private),
            "`{private}` must not be public: {text}"
        );
    }
    let list: Value = stories
        .app
        .get("/v1/stories?lang=en")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["stories"].as_array().unwrap().len(), 1);
    assert!(!list.to_string().contains("ana.private@example.org"));
    assert_eq!(stories.metric_count("StoryApproved"), 1);
}

#[tokio::test]
async fn rejecting_keeps_the_story_private_and_records_why() {
    let stories = spawn_stories_app().await;
    let id = stories.submit_pending().await;
    let decided = stories
        .decided(
            &id,
            json!({"action": "reject", "reason": "Promotes an unproven cure.", "version": 1}),
        )
        .await;
    assert_eq!(decided["status"], "rejected");
    assert!(
        decided["expires_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-27"),
        "30 days"
    );
    assert_eq!(
        stories.app.get(&format!("/v1/stories/{id}")).await.status(),
        404
    );
    let audit = decided["audit"].as_array().unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0]["action"], "submitted");
    assert_eq!(audit[1]["action"], "rejected");
    assert_eq!(audit[1]["actor"], "moderator:mod-1");
    assert_eq!(audit[1]["from"], "pending");
    assert_eq!(audit[1]["to"], "rejected");
    assert_eq!(audit[1]["reason"], "Promotes an unproven cure.");
    assert_eq!(stories.metric_count("StoryRejected"), 1);
}

#[tokio::test]
async fn a_moderators_edit_is_a_new_revision_beside_the_original() {
    let stories = spawn_stories_app().await;
    let id = stories.submit_pending().await;
    let decided = stories
        .decided(
            &id,
            json!({"action": "approve", "reason": "Removed the surname.", "version": 1, "title": "Two years on an immunotherapy"}),
        )
        .await;
    let revisions = decided["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["title"], "Two years on nivolumab");
    assert_eq!(revisions[0]["author"], "submitter");
    assert_eq!(revisions[1]["title"], "Two years on an immunotherapy");
    assert_eq!(revisions[1]["author"], "moderator:mod-1");
    assert_eq!(revisions[1]["body"], revisions[0]["body"]);
    assert_eq!(decided["audit"][1]["revision"], 2);
    let public: Value = stories
        .app
        .get(&format!("/v1/stories/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["title"], "Two years on an immunotherapy");
}

#[tokio::test]
async fn a_decision_on_a_stale_version_is_409() {
    let stories = spawn_stories_app().await;
    let id = stories.submit_pending().await;
    stories.approve(&id).await;
    let stale = stories
        .decide(
            &id,
            json!({"action": "reject", "reason": "Second thoughts.", "version": 1}),
        )
        .await;
    let problem = expect_problem(stale, 409).await;
    assert!(problem["detail"].as_str().unwrap().contains("changed"));
    let again = stories
        .decide(
            &id,
            json!({"action": "approve", "reason": "Again.", "version": 2}),
        )
        .await;
    expect_problem(again, 409).await;
    let current = stories.moderation_view(&id).await;
    assert_eq!(current["status"], "approved", "nothing changed");
    assert_eq!(current["audit"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_decisions_and_queries_are_named_400s() {
    let stories = spawn_stories_app().await;
    let id = stories.submit_pending().await;
    let cases = [
        (
            json!({"action": "publish", "reason": "x", "version": 1}),
            "action",
        ),
        (json!({"action": "approve", "version": 1}), "reason"),
        (
            json!({"action": "approve", "reason": "", "version": 1}),
            "reason",
        ),
        (
            json!({"action": "approve", "reason": "ok", "version": 1, "body": "short"}),
            "body",
        ),
        (
            json!({"action": "approve", "reason": "ok", "version": "one"}),
            "version",
        ),
    ];
    for (decision, field) in cases {
        let problem = expect_problem(stories.decide(&id, decision.clone()).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], field, "{decision}");
    }
    let bad_status = stories
        .as_moderator(
            reqwest::Method::GET,
            "/v1/moderation/stories?status=lost",
            None,
        )
        .await;
    let problem = expect_problem(bad_status, 400).await;
    assert_eq!(problem["errors"][0]["field"], "status");
    let unknown = stories
        .as_moderator(
            reqwest::Method::GET,
            "/v1/moderation/stories/not-a-story",
            None,
        )
        .await;
    let problem = expect_problem(unknown, 400).await;
    assert_eq!(problem["errors"][0]["field"], "id", "not a story id");
    let missing = stories
        .as_moderator(
            reqwest::Method::GET,
            "/v1/moderation/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
            None,
        )
        .await;
    expect_problem(missing, 404).await;
}

#[tokio::test]
async fn queues_and_public_lists_page_with_stable_cursors() {
    let stories = spawn_stories_app().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let id = stories
            .submit_valid(|body| body["title"] = json!(format!("Story number {n}")))
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ids.push(id);
    }
    let first: Value = stories
        .as_moderator(reqwest::Method::GET, "/v1/moderation/stories?limit=2", None)
        .await
        .json()
        .await
        .unwrap();
    let titles = |page: &Value| -> Vec<String> {
        page["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        titles(&first),
        ["Story number 0", "Story number 1"],
        "oldest first"
    );
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = stories
        .as_moderator(
            reqwest::Method::GET,
            &format!("/v1/moderation/stories?limit=2&cursor={cursor}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(titles(&second), ["Story number 2", "Story number 3"]);

    for id in &ids {
        stories.clock.advance(std::time::Duration::from_secs(60));
        stories.approve(id).await;
    }
    let public: Value = stories
        .app
        .get("/v1/stories?limit=3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        titles(&public),
        ["Story number 4", "Story number 3", "Story number 2"],
        "newest first"
    );
    let next = public["next_cursor"].as_str().unwrap();
    let rest: Value = stories
        .app
        .get(&format!("/v1/stories?limit=3&cursor={next}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(titles(&rest), ["Story number 1", "Story number 0"]);
    assert!(rest["next_cursor"].is_null());

    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("cursor=garbage", "cursor"),
    ] {
        let problem =
            expect_problem(stories.app.get(&format!("/v1/stories?{query}")).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], field, "{query}");
    }
}
