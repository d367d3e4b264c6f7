//! Joining the ImmunoCommunity: double opt-in, the same answer whatever the address's state,
//! and what the owner of the address is told by email.

use std::time::Duration;

use community::domain::consent::ConsentEventKind;
use community::domain::member::MemberStatus;
use serde_json::{json, Value};

use crate::community_helpers::{link_token, signup_body, spawn_community_app};
use crate::helpers::expect_problem;

#[tokio::test]
async fn the_form_offers_interests_and_the_versioned_consent_in_both_languages() {
    let community = spawn_community_app().await;
    for (lang, label) in [("en", "I am a patient"), ("es", "Soy paciente")] {
        let response = community
            .app
            .get(&format!("/v1/community/form?lang={lang}"))
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let form: Value = response.json().await.unwrap();
        assert_eq!(
            form["interests"][0],
            json!({"code": "patient", "label": label})
        );
        assert_eq!(form["interests"].as_array().unwrap().len(), 6);
        assert_eq!(form["consent"]["version"], "2026-11-27");
        assert!(form["consent"]["text"].as_str().unwrap().len() > 40);
        assert_eq!(form["honeypot_field"], "website");
        assert!(form["form_token"].is_string());
    }
}

#[tokio::test]
async fn double_opt_in_confirms_by_post_with_a_single_use_token() {
    let community = spawn_community_app().await;
    let response = community.sign_up("Ana.Lopez@Example.ORG").await;
    assert_eq!(response.status(), 202);
    let member = community
        .member("ana.lopez@example.org")
        .await
        .expect("stored under the normalized address");
    assert_eq!(member.status, MemberStatus::Pending);
    assert_eq!(member.email, None, "a pending signup keeps no address");
    assert!(member.interests.is_empty(), "nor its interests");
    assert!(!format!("{member:?}").contains("lopez"), "{member:?}");
    let expires = member.expires_at.unwrap();
    assert_eq!((expires - community.clock_now()).num_days(), 7);

    let mails = community.mails_to("ana.lopez@example.org");
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.subject.contains("confirm"), "{}", mail.subject);
    assert!(mail
        .text
        .contains("https://immunoguide.test/en/community/confirm/?token="));
    assert!(mail
        .unsubscribe_url
        .starts_with("https://api.immunoguide.test/v1/community/unsubscribe?token="));
    // Every link in the body opens a page of the site (in the member's language), never the API.
    for page in ["unsubscribe", "erase"] {
        let link = format!("https://immunoguide.test/en/community/{page}/?token=");
        assert!(mail.text.contains(&link), "{link} in {}", mail.text);
    }
    assert!(!mail.text.contains("/v1/"), "{}", mail.text);
    let token = link_token(mail, "/community/confirm");
    assert!(
        token.len() > 86 && token.len() <= 1024,
        "the signup, sealed: {}",
        token.len()
    );
    assert!(!token.to_lowercase().contains("lopez"), "{token}");

    let get = community
        .app
        .get(&format!("/v1/community/confirmations?token={token}"))
        .await;
    assert_eq!(
        get.status(),
        405,
        "a GET never changes state: mail scanners follow links"
    );
    assert_eq!(
        community.member_status("ana.lopez@example.org").await,
        MemberStatus::Pending
    );

    let confirmed = community
        .post("/v1/community/confirmations", &json!({"token": token}))
        .await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(
        confirmed.json::<Value>().await.unwrap()["status"],
        "confirmed"
    );
    let member = community.member("ana.lopez@example.org").await.unwrap();
    assert_eq!(member.status, MemberStatus::Confirmed);
    assert_eq!(member.email.as_deref(), Some("ana.lopez@example.org"));
    assert_eq!(member.interests, ["advocate", "patient"]);
    let again = community
        .post("/v1/community/confirmations", &json!({"token": token}))
        .await;
    assert_eq!(again.status(), 200, "confirming again is harmless");
    assert_eq!(
        community.member("ana.lopez@example.org").await.unwrap(),
        member,
        "and changes nothing"
    );
    assert_eq!(community.metric_count("CommunitySignupAccepted"), 1);
    assert_eq!(community.metric_count("CommunityConfirmed"), 1);

    let history = community.consent_history("ana.lopez@example.org").await;
    let kinds: Vec<_> = history.iter().map(|event| event.kind).collect();
    assert_eq!(
        kinds,
        [ConsentEventKind::Signup, ConsentEventKind::Confirmation]
    );
    assert_eq!(history[0].text_version, "2026-11-27");
    assert!(history.iter().all(|event| event.expires_at.is_none()));
    assert_eq!(history[0].text_sha256.len(), 64);
}

/// Everything a caller could compare: status, headers (but the date and request id) and bytes.
async fn observable(response: reqwest::Response) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "date" | "x-request-id"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_answer_is_byte_identical_whatever_the_address_has_done() {
    let community = spawn_community_app().await;
    // Bring addresses into each state.
    community.sign_up("pending@example.org").await;
    community.sign_up("member@example.org").await;
    assert_eq!(
        community
            .confirm_latest("member@example.org")
            .await
            .status(),
        200
    );
    community.sign_up("left@example.org").await;
    let manage = community.manage_token("left@example.org");
    let left = community
        .post(
            &format!("/v1/community/unsubscribe?token={manage}"),
            &json!({}),
        )
        .await;
    assert_eq!(left.status(), 200);
    community.sign_up("erased@example.org").await;
    assert_eq!(
        community
            .confirm_latest("erased@example.org")
            .await
            .status(),
        200
    );
    assert_eq!(community.erase("erased@example.org").await.status(), 200);

    let mut answers = Vec::new();
    for address in [
        "new@example.org",
        "pending@example.org",
        "member@example.org",
        "left@example.org",
        "erased@example.org",
    ] {
        answers.push((address, observable(community.sign_up(address).await).await));
    }
    let (_, first) = &answers[0];
    assert_eq!(first.0, 202);
    for (address, answer) in &answers {
        assert_eq!(answer, first, "the answer for {address} differs");
    }
    let body: Value = serde_json::from_slice(&first.2).unwrap();
    assert!(
        !body.to_string().contains("example.org"),
        "the address is never echoed"
    );
}

#[tokio::test]
async fn the_owner_of_the_address_is_told_what_happened_by_email() {
    let community = spawn_community_app().await;
    community.sign_up("member@example.org").await;
    community.confirm_latest("member@example.org").await;
    community.sign_up("member@example.org").await;
    let mails = community.mails_to("member@example.org");
    assert_eq!(mails.len(), 2);
    assert!(mails[1].subject.contains("already"), "{}", mails[1].subject);
    assert!(mails[1]
        .text
        .contains("https://immunoguide.test/en/community/manage/?token="));
    let member = community.member("member@example.org").await.unwrap();
    assert_eq!(
        member.status,
        MemberStatus::Confirmed,
        "an anonymous form never changes a member"
    );
    assert_eq!(member.interests, ["advocate", "patient"]);

    // Pending again: a new confirmation link, the details updated.
    community.sign_up("pending@example.org").await;
    let mut body = signup_body("pending@example.org", &community.form_token().await);
    body["interests"] = json!(["caregiver"]);
    assert_eq!(community.signup_status(&body).await, 202);
    let mails = community.mails_to("pending@example.org");
    assert_eq!(mails.len(), 2);
    assert_ne!(
        link_token(&mails[0], "/community/confirm"),
        link_token(&mails[1], "/community/confirm")
    );
    assert_eq!(
        community
            .confirm_latest("pending@example.org")
            .await
            .status(),
        200
    );
    assert_eq!(
        community
            .member("pending@example.org")
            .await
            .unwrap()
            .interests,
        ["caregiver"],
        "the confirmed link's details"
    );
}

#[tokio::test]
async fn at_most_three_emails_a_day_reach_one_address() {
    let community = spawn_community_app().await;
    for _ in 0..6 {
        assert_eq!(community.sign_up("flooded@example.org").await.status(), 202);
    }
    assert_eq!(community.mails_to("flooded@example.org").len(), 3);
    assert_eq!(
        community
            .mails_after_a_day_and_a_signup("flooded@example.org")
            .await,
        4,
        "a new day"
    );
}

#[tokio::test]
async fn an_unconfirmed_signup_lapses_after_seven_days() {
    let community = spawn_community_app().await;
    community.sign_up("slow@example.org").await;
    let token = link_token(
        &community.mails_to("slow@example.org")[0],
        "/community/confirm",
    );
    community
        .clock
        .advance(Duration::from_secs(7 * 24 * 3600 + 1));
    assert!(
        community.member("slow@example.org").await.is_none(),
        "filtered on read before TTL deletes it"
    );
    let late = community
        .post("/v1/community/confirmations", &json!({"token": token}))
        .await;
    expect_problem(late, 400).await;
    assert_eq!(community.sign_up("slow@example.org").await.status(), 202);
    assert_eq!(
        community.member_status("slow@example.org").await,
        MemberStatus::Pending
    );
    assert_eq!(
        community.confirm_latest("slow@example.org").await.status(),
        200
    );
}

#[tokio::test]
async fn a_mail_failure_never_loses_the_signup() {
    let community = spawn_community_app().await;
    community.mailer.set_failing(true);
    assert_eq!(community.sign_up("unlucky@example.org").await.status(), 202);
    assert_eq!(
        community.member_status("unlucky@example.org").await,
        MemberStatus::Pending
    );
    assert!(community.mails_to("unlucky@example.org").is_empty());
    assert_eq!(community.metric_count("CommunityMailFailed"), 1);
    community.mailer.set_failing(false);
    community.sign_up("unlucky@example.org").await;
    assert_eq!(
        community.mails_to("unlucky@example.org").len(),
        1,
        "the next signup sends again"
    );
    assert_eq!(
        community
            .confirm_latest("unlucky@example.org")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn invalid_signups_name_the_field_store_nothing_and_send_nothing() {
    let community = spawn_community_app().await;
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 9] = [
        ("email", |b| b["email"] = json!("not-an-address")),
        ("email", |b| b["email"] = json!("ana@localhost")),
        ("first_name", |b| b["first_name"] = json!("n".repeat(51))),
        ("interests", |b| {
            b["interests"] = json!(["patient", "astronaut"])
        }),
        ("consent", |b| b["consent"] = json!(false)),
        ("consent_version", |b| {
            b["consent_version"] = json!("2020-01-01")
        }),
        ("source_page", |b| {
            b["source_page"] = json!("https://elsewhere.example")
        }),
        ("lang", |b| b["lang"] = json!("de")),
        ("email", |b| {
            b.as_object_mut().unwrap().remove("email");
        }),
    ];
    for (field, edit) in cases {
        let mut body = signup_body("valid@example.org", &community.form_token().await);
        edit(&mut body);
        let problem =
            expect_problem(community.post("/v1/community/signups", &body).await, 400).await;
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    assert!(community.member("valid@example.org").await.is_none());
    assert!(community.mailer.sent().is_empty());
    assert_eq!(community.metric_count("CommunitySignupAccepted"), 0);
}
