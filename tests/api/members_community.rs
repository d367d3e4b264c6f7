//! A member's subscription: joined at once with an address the provider verified, by the
//! confirmation email otherwise; changed, left, and erased with the account.

use community::domain::consent::ConsentEventKind;
use community::domain::member::MemberStatus;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::expect_problem;
use crate::me_helpers::spawn_members_app;

#[tokio::test]
async fn a_verified_member_joins_at_once_and_the_consent_says_how() {
    let members = spawn_members_app().await;
    let ana = members.token("ana@example.org", true);
    let before = members.read("/v1/me/community", &ana).await;
    assert_eq!(before["status"], "none");
    let joined = members.join(&ana, &["researcher"], "es").await;
    assert_eq!(joined["status"], "subscribed");
    assert_eq!(joined["email"], "ana@example.org");
    assert_eq!(joined["interests"], json!(["researcher"]));
    assert_eq!(joined["lang"], "es");
    assert_eq!(joined["consent"]["method"], "signed_in_member");
    assert!(
        members.community.mails_to("ana@example.org").is_empty(),
        "no confirmation needed"
    );
    let history = members.community.consent_history("ana@example.org").await;
    assert_eq!(
        history.last().unwrap().kind,
        ConsentEventKind::MemberConsent
    );
    // Changing interests and language is a change of details, not a new consent.
    let changed = members.join(&ana, &["caregiver", "patient"], "en").await;
    assert_eq!(changed["interests"], json!(["caregiver", "patient"]));
    assert_eq!(changed["lang"], "en");
    assert_eq!(changed["consent"], joined["consent"]);
}

#[tokio::test]
async fn an_unverified_member_confirms_by_email_as_anyone_does() {
    let members = spawn_members_app().await;
    let bea = members.token("bea@example.org", false);
    let pending = members.join(&bea, &[], "en").await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["consent"], Value::Null);
    assert_eq!(members.community.mails_to("bea@example.org").len(), 1);
    let confirmed = members.community.confirm_latest("bea@example.org").await;
    assert_eq!(confirmed.status(), 200);
    let now = members.read("/v1/me/community", &bea).await;
    assert_eq!(now["status"], "subscribed");
    assert_eq!(now["consent"]["method"], "email_confirmation");
}

#[tokio::test]
async fn leaving_unsubscribes_and_joining_needs_every_field() {
    let members = spawn_members_app().await;
    let ana = members.token("ana@example.org", true);
    members.join(&ana, &[], "en").await;
    let left = members
        .call(
            Method::PUT,
            "/v1/me/community",
            &ana,
            Some(json!({"subscribed": false})),
        )
        .await;
    assert_eq!(left.status(), 200);
    let left: Value = left.json().await.unwrap();
    assert_eq!(left["status"], "none");
    assert_eq!(
        members.community.member_status("ana@example.org").await,
        MemberStatus::Unsubscribed
    );
    let cases = [
        (
            json!({"subscribed": true, "lang": "en", "consent": true}),
            "consent_version",
        ),
        (
            json!({"subscribed": true, "consent": true, "consent_version": "2026-11-27"}),
            "lang",
        ),
        (
            json!({"subscribed": true, "lang": "en", "consent_version": "2026-11-27"}),
            "consent",
        ),
        (
            json!({"subscribed": true, "lang": "en", "consent": true, "consent_version": "2026-11-27",
                "interests": ["astrology"]}),
            "interests",
        ),
        (json!({"subscribed": "yes"}), "subscribed"),
        (
            json!({"subscribed": true, "email": "other@example.org"}),
            "email",
        ),
    ];
    for (body, field) in cases {
        let response = members
            .call(Method::PUT, "/v1/me/community", &ana, Some(body.clone()))
            .await;
        let problem = expect_problem(response, 400).await;
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    assert_eq!(
        members.community.member_status("ana@example.org").await,
        MemberStatus::Unsubscribed,
        "nothing stored by a refused change"
    );
}

#[tokio::test]
async fn deleting_my_account_erases_my_subscription_and_removes_the_account() {
    let members = spawn_members_app().await;
    let ana = members.token("ana@example.org", true);
    let bea = members.token("bea@example.org", true);
    members.join(&ana, &["patient"], "en").await;
    members.join(&bea, &["patient"], "en").await;
    let me = members.read("/v1/me", &ana).await;
    let username = format!("Facebook_{}", me["id"].as_str().unwrap());
    for _ in 0..2 {
        let response = members.call(Method::DELETE, "/v1/me", &ana, None).await;
        assert_eq!(response.status(), 204, "and again, for a retry");
    }
    assert!(members.accounts.is_deleted(&username));
    let record = members.community.member("ana@example.org").await.unwrap();
    assert_eq!(record.status, MemberStatus::Erased);
    assert_eq!(record.email, None);
    assert!(record.interests.is_empty());
    assert_eq!(
        members.community.member_status("bea@example.org").await,
        MemberStatus::Confirmed,
        "another member is untouched"
    );
}

#[tokio::test]
async fn a_members_address_token_and_id_never_reach_the_logs() {
    crate::logs::captured_logs();
    let members = spawn_members_app().await;
    let email = "log.member@example.org";
    let token = members.token(email, false);
    let me = members.read("/v1/me", &token).await;
    members.share(&token).await;
    members.join(&token, &["patient"], "en").await;
    members.my_stories(&token).await;
    for (method, path) in [
        (Method::DELETE, "/v1/me/stories"),
        (Method::DELETE, "/v1/me"),
    ] {
        assert_eq!(members.call(method, path, &token, None).await.status(), 204);
    }
    let id = me["id"].as_str().unwrap();
    crate::logs::assert_logs_never_mention(&[email, id, &token]);
}
