//! A member's stories: shared signed in, listed with their status, withdrawn without a code,
//! and let go of when the account is deleted. Nobody sees or changes another member's.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::expect_problem;
use crate::me_helpers::spawn_members_app;

#[tokio::test]
async fn a_story_shared_signed_in_is_in_my_stories_and_in_nobody_elses() {
    let members = spawn_members_app().await;
    let (ana, bea) = (
        members.token("ana@example.org", true),
        members.token("bea@example.org", true),
    );
    let id = members.share(&ana).await;
    let mine = members.my_stories(&ana).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], id.as_str());
    assert_eq!(mine[0]["status"], "pending");
    assert_eq!(mine[0]["title"], "Two years on nivolumab");
    assert_eq!(mine[0]["decided_at"], Value::Null);
    assert!(members.my_stories(&bea).await.is_empty());
    // Bea can neither withdraw it nor learn that it exists.
    let path = format!("/v1/me/stories/{id}");
    let response = members.call(Method::DELETE, &path, &bea, None).await;
    expect_problem(response, 404).await;
    assert_eq!(members.my_stories(&ana).await[0]["status"], "pending");
}

#[tokio::test]
async fn the_list_shows_the_moderators_decision_and_pages_newest_first() {
    let members = spawn_members_app().await;
    let ana = members.token("ana@example.org", true);
    let first = members.share(&ana).await;
    members
        .community
        .clock
        .advance(std::time::Duration::from_secs(300));
    let second = members.share(&ana).await;
    let moderator = members.key.mint(
        "mod-1",
        &["moderators".to_owned()],
        chrono::Duration::hours(1),
    );
    let app = &members.community.app;
    let decision = app
        .client
        .post(app.url(&format!("/v1/moderation/stories/{first}/decisions")))
        .bearer_auth(moderator)
        .json(&json!({"action": "approve", "reason": "A clear account.", "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(decision.status(), 200, "{}", decision.text().await.unwrap());
    let page = members.read("/v1/me/stories?limit=1", &ana).await;
    assert_eq!(page["stories"][0]["id"], second.as_str(), "newest first");
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = members
        .read(&format!("/v1/me/stories?limit=1&cursor={cursor}"), &ana)
        .await;
    let approved = &rest["stories"][0];
    assert_eq!(approved["id"], first.as_str());
    assert_eq!(approved["status"], "approved");
    assert!(approved["decided_at"].is_string() && approved["published_at"].is_string());
    assert_eq!(rest["next_cursor"], Value::Null);
    assert!(
        !rest.to_string().contains("A clear account"),
        "moderators' reasons are theirs: {rest}"
    );
}

#[tokio::test]
async fn withdrawing_from_my_stories_erases_the_text_as_the_code_does() {
    let members = spawn_members_app().await;
    let ana = members.token("ana@example.org", true);
    let id = members.share(&ana).await;
    let path = format!("/v1/me/stories/{id}");
    let response = members.call(Method::DELETE, &path, &ana, None).await;
    assert_eq!(response.status(), 204);
    let again = members.call(Method::DELETE, &path, &ana, None).await;
    assert_eq!(again.status(), 204, "withdrawing twice is one withdrawal");
    let listed = &members.my_stories(&ana).await[0];
    assert_eq!(listed["status"], "withdrawn");
    assert_eq!(listed["title"], Value::Null);
    let stored = members.stored_story(&id).await;
    assert!(stored.profile.is_none() && stored.revisions.is_empty());
    let bad = members
        .call(Method::DELETE, "/v1/me/stories/not-a-uuid", &ana, None)
        .await;
    let problem = expect_problem(bad, 400).await;
    assert_eq!(problem["errors"][0]["field"], "id");
}

#[tokio::test]
async fn letting_go_of_my_stories_withdraws_and_unlinks_every_one() {
    let members = spawn_members_app().await;
    let (ana, bea) = (
        members.token("ana@example.org", true),
        members.token("bea@example.org", true),
    );
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(members.share(&ana).await);
        members
            .community
            .clock
            .advance(std::time::Duration::from_secs(120));
    }
    let beas = members.share(&bea).await;
    // One already withdrawn: it is unlinked too.
    let path = format!("/v1/me/stories/{}", ids[0]);
    assert_eq!(members.delete_status(&path, &ana).await, 204);
    for _ in 0..2 {
        let response = members
            .call(Method::DELETE, "/v1/me/stories", &ana, None)
            .await;
        assert_eq!(response.status(), 204, "and again, for a retry");
    }
    assert!(members.my_stories(&ana).await.is_empty());
    for id in &ids {
        let stored = members.stored_story(id).await;
        assert_eq!(
            stored.status,
            stories::domain::story::StoryStatus::Withdrawn
        );
        assert_eq!(stored.owner, None, "no longer linked to the member");
        assert!(stored.profile.is_none() && stored.revisions.is_empty());
    }
    let others = members.my_stories(&bea).await;
    assert_eq!(others.len(), 1);
    assert_eq!(others[0]["id"], beas.as_str());
    assert_eq!(others[0]["status"], "pending");
}

#[tokio::test]
async fn the_anonymous_flow_is_unchanged_and_owns_nothing() {
    let members = spawn_members_app().await;
    let app = &members.community.app;
    let form = app
        .form_token("/v1/stories/form?lang=en", &members.community.clock)
        .await;
    let response = app
        .client
        .post(app.url("/v1/stories"))
        .json(&crate::stories_helpers::valid_story(&form))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let accepted: Value = response.json().await.unwrap();
    let id = accepted["id"].as_str().unwrap();
    assert_eq!(members.stored_story(id).await.owner, None);
    let withdrawn = app
        .client
        .delete(app.url(&format!("/v1/stories/{id}")))
        .bearer_auth(accepted["withdrawal_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 204);
}
