//! Joining the ImmunoCommunity through the form's guards (honeypot, time trap, rate limit,
//! size limit), and one member per mailbox however its address is spelled.

use serde_json::json;

use crate::community_helpers::{signup_body, spawn_community_app, spawn_community_app_with};
use crate::helpers::expect_problem;

#[tokio::test]
async fn honeypot_time_trap_rate_limit_and_size_limit_apply() {
    let community = spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.common.form.rate_limit.limit = 2;
    })
    .await;
    let mut body = signup_body("bot@example.org", &community.form_token().await);
    body["website"] = json!("http://spam.example");
    let problem = expect_problem(community.post("/v1/community/signups", &body).await, 400).await;
    assert_eq!(problem["errors"][0]["field"], "website");

    let form = community.form().await;
    let fast = signup_body("fast@example.org", form["form_token"].as_str().unwrap());
    let problem = expect_problem(community.post("/v1/community/signups", &fast).await, 400).await;
    assert_eq!(problem["errors"][0]["field"], "form_token");

    let mut huge = signup_body("big@example.org", &community.form_token().await);
    huge["first_name"] = json!("x".repeat(9000));
    let problem = expect_problem(community.post("/v1/community/signups", &huge).await, 413).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("8192"),
        "{problem}"
    );

    assert_eq!(community.sign_up("one@example.org").await.status(), 202);
    assert_eq!(community.sign_up("two@example.org").await.status(), 202);
    let limited = community.sign_up("three@example.org").await;
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, 429).await;
    assert_eq!(community.metric_count("CommunityRateLimited"), 1);
    assert!(community.member("bot@example.org").await.is_none());
    assert!(community.member("three@example.org").await.is_none());
}

#[tokio::test]
async fn internationalized_addresses_are_one_member_whatever_their_spelling() {
    let community = spawn_community_app().await;
    community.sign_up("María@Bücher.example").await;
    community.sign_up("maría@xn--bcher-kva.example").await;
    assert_eq!(
        community.mails_to("maría@bücher.example").len(),
        2,
        "one member, mailed twice"
    );
    assert_eq!(
        community
            .confirm_latest("maría@bücher.example")
            .await
            .status(),
        200
    );
    let member = community.member("maría@bücher.example").await.unwrap();
    assert_eq!(member.email.as_deref(), Some("maría@xn--bcher-kva.example"));
}
