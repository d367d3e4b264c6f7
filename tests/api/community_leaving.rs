//! Leaving the ImmunoCommunity: one-click unsubscribe (RFC 8058), erasure, and consent records
//! that are only ever appended to.

use community::domain::consent::ConsentEventKind;
use community::domain::member::MemberStatus;
use serde_json::{json, Value};

use crate::community_helpers::{spawn_community_app, CommunityApp};
use crate::helpers::expect_problem;
use crate::logs::{assert_logs_never_mention, captured_logs};

async fn confirmed_member(community: &CommunityApp, email: &str) -> String {
    community.sign_up(email).await;
    assert_eq!(community.confirm_latest(email).await.status(), 200);
    community.manage_token(email)
}

#[tokio::test]
async fn a_mail_client_unsubscribes_with_one_click() {
    let community = spawn_community_app().await;
    let token = confirmed_member(&community, "reader@example.org").await;
    let url = community.mails_to("reader@example.org")[0]
        .unsubscribe_url
        .clone();
    assert!(url.ends_with(&token));
    let path = url.trim_start_matches("https://api.immunoguide.test");
    let response = community
        .post_raw(
            path,
            "application/x-www-form-urlencoded",
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(response.status(), 200);
    let member = community.member("reader@example.org").await.unwrap();
    assert_eq!(member.status, MemberStatus::Unsubscribed);
    let history = community.consent_history("reader@example.org").await;
    assert_eq!(history.last().unwrap().kind, ConsentEventKind::Withdrawal);
    assert_eq!(community.metric_count("CommunityUnsubscribed"), 1);

    let again = community
        .post_raw(path, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n")
        .await;
    assert_eq!(again.status(), 200, "unsubscribing twice is fine");
    assert_eq!(community.metric_count("CommunityUnsubscribed"), 1);
}

#[tokio::test]
async fn the_frontend_unsubscribes_with_json_and_bad_tokens_are_400() {
    let community = spawn_community_app().await;
    let token = confirmed_member(&community, "json@example.org").await;
    let response = community
        .post("/v1/community/unsubscribe", &json!({"token": token}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap()["status"],
        "unsubscribed"
    );
    assert_eq!(
        community.member_status("json@example.org").await,
        MemberStatus::Unsubscribed
    );

    let missing = community
        .post("/v1/community/unsubscribe", &json!({}))
        .await;
    let problem = expect_problem(missing, 400).await;
    assert_eq!(problem["errors"][0]["field"], "token");
    let confirmation_token_is_not_a_manage_token = {
        community.sign_up("other@example.org").await;
        let mails = community.mails_to("other@example.org");
        crate::community_helpers::link_token(&mails[0], "/community/confirm")
    };
    for bad in ["garbage", confirmation_token_is_not_a_manage_token.as_str()] {
        let response = community
            .post(
                &format!("/v1/community/unsubscribe?token={bad}"),
                &json!({}),
            )
            .await;
        expect_problem(response, 400).await;
    }
    assert_eq!(
        community.member_status("other@example.org").await,
        MemberStatus::Pending
    );
}

#[tokio::test]
async fn erasure_keeps_only_a_suppression_hash_and_the_consent_record() {
    let community = spawn_community_app().await;
    confirmed_member(&community, "forget.me@example.org").await;
    assert_eq!(community.erase("forget.me@example.org").await.status(), 200);
    let token = community.erasure_token("forget.me@example.org");
    let member = community.member("forget.me@example.org").await.unwrap();
    assert_eq!(member.status, MemberStatus::Erased);
    assert_eq!(member.email, None);
    assert!(member.interests.is_empty());
    let text = format!("{member:?}");
    assert!(!text.contains("forget.me"), "{text}");
    let history = community.consent_history("forget.me@example.org").await;
    let kinds: Vec<_> = history.iter().map(|event| event.kind).collect();
    assert_eq!(
        kinds,
        [
            ConsentEventKind::Signup,
            ConsentEventKind::Confirmation,
            ConsentEventKind::Erasure
        ],
        "append-only: the earlier consents are still there"
    );
    assert!(!format!("{history:?}").contains("forget.me"));
    assert_eq!(community.metric_count("CommunityErased"), 1);
    assert_eq!(
        community
            .post("/v1/community/erasure", &json!({"token": token}))
            .await
            .status(),
        200
    );
    assert_eq!(community.metric_count("CommunityErased"), 1);
    let forged = community
        .post("/v1/community/erasure", &json!({"token": "A".repeat(86)}))
        .await;
    expect_problem(forged, 400).await;
}

#[tokio::test]
async fn no_address_ever_reaches_the_logs() {
    captured_logs();
    let community = spawn_community_app().await;
    let addresses = [
        "log.scan.one@example.org",
        "log.scan.two@example.org",
        "Log.Scan.Three@Example.org",
    ];
    for address in addresses {
        community.sign_up(address).await;
    }
    community.confirm_latest(addresses[0]).await;
    let token = community.manage_token(addresses[1]);
    community
        .post(
            &format!("/v1/community/unsubscribe?token={token}"),
            &json!({}),
        )
        .await;
    community
        .post("/v1/community/erasure", &json!({"token": token}))
        .await;
    let mut invalid = crate::community_helpers::signup_body("log.scan.invalid@example", "bad");
    invalid["first_name"] = json!("Logscanname");
    community.post("/v1/community/signups", &invalid).await;
    community.mailer.set_failing(true);
    community.sign_up("log.scan.failing@example.org").await;
    assert_logs_never_mention(&[
        "log.scan.one",
        "log.scan.two",
        "log.scan.three",
        "Log.Scan.Three",
        "log.scan.invalid",
        "log.scan.failing",
        "Logscanname",
        &token,
    ]);
    assert!(captured_logs().text().contains("/v1/community/signups"));
}
