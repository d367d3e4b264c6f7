//! Leaving the ImmunoCommunity: one-click unsubscribe (RFC 8058), erasure, and consent records
//! that are only ever appended to.

use community::domain::consent::ConsentEventKind;
use community::domain::member::MemberStatus;
use serde_json::{json, Value};

use crate::community_helpers::{spawn_community_app, spawn_community_app_with, CommunityApp};
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
        .app
        .client
        .post(community.app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let member = community.member("reader@example.org").await.unwrap();
    assert_eq!(member.status, MemberStatus::Unsubscribed);
    let history = community
        .stores
        .members
        .reader
        .consent_history(&member.email_hash)
        .await
        .unwrap();
    assert_eq!(history.last().unwrap().kind, ConsentEventKind::Withdrawal);
    assert_eq!(community.metric_count("CommunityUnsubscribed"), 1);

    let again = community
        .app
        .client
        .post(community.app.url(path))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n")
        .send()
        .await
        .unwrap();
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
        community.member("json@example.org").await.unwrap().status,
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
        community.member("other@example.org").await.unwrap().status,
        MemberStatus::Pending
    );
}

#[tokio::test]
async fn erasure_keeps_only_a_suppression_hash_and_the_consent_record() {
    let community = spawn_community_app().await;
    let token = confirmed_member(&community, "forget.me@example.org").await;
    let response = community
        .post("/v1/community/erasure", &json!({"token": token}))
        .await;
    assert_eq!(response.status(), 200);
    let member = community.member("forget.me@example.org").await.unwrap();
    assert_eq!(member.status, MemberStatus::Erased);
    assert_eq!(member.email, None);
    assert_eq!(member.first_name, None);
    assert!(member.interests.is_empty());
    let text = format!("{member:?}");
    assert!(!text.contains("forget.me"), "{text}");
    let history = community
        .stores
        .members
        .reader
        .consent_history(&member.email_hash)
        .await
        .unwrap();
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
async fn concurrent_identical_signups_leave_one_record_and_a_bounded_number_of_emails() {
    let community = spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.form.rate_limit.limit = 1000;
    })
    .await;
    concurrent_signups(&community).await;
}

#[tokio::test]
async fn concurrent_identical_signups_on_dynamodb_leave_one_record() {
    let client = crate::dynamodb_local::client().await;
    let tables = crate::dynamodb_local::fresh_tables(&client).await;
    let stores = immunoguide::Stores::dynamo(client.clone(), &tables);
    let community = spawn_community_app_with(stores, |options| {
        options.community.form.rate_limit.limit = 1000;
        // A burst of 200 on a shared machine's DynamoDB Local is slow; this test is about
        // correctness under contention, not latency.
        options.http.request_timeout = std::time::Duration::from_secs(120);
    })
    .await;
    concurrent_signups(&community).await;
    let items = client
        .scan()
        .table_name(&tables.community)
        .send()
        .await
        .unwrap();
    let members = items
        .items()
        .iter()
        .filter(|item| item["sk"].as_s().unwrap() == "MEMBER")
        .count();
    assert_eq!(members, 1);
}

async fn concurrent_signups(community: &CommunityApp) {
    let body =
        crate::community_helpers::signup_body("crowd@example.org", &community.form_token().await);
    let requests = (0..200).map(|_| community.post("/v1/community/signups", &body));
    let responses = futures::future::join_all(requests).await;
    let mut bodies = std::collections::HashSet::new();
    for response in responses {
        assert_eq!(response.status(), 202);
        bodies.insert(response.bytes().await.unwrap());
    }
    assert_eq!(bodies.len(), 1, "identical answers");
    assert_eq!(
        community.member("crowd@example.org").await.unwrap().status,
        MemberStatus::Pending
    );
    let mails = community.mails_to("crowd@example.org").len();
    assert!((1..=3).contains(&mails), "{mails} emails");
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
