//! Leaving is final for anonymous callers (issue 12, "Privacy"): an unsubscribed or erased
//! address gets at most one confirmation email in 30 days from anonymous signups, its
//! suppression entry outlives any pending signup, and only its owner can bring it back, with a
//! confirmation link mailed after it left. Confirmation links carry the signup sealed; a
//! forged, changed, foreign or expired one stores nothing. On both adapters.

use std::time::Duration;

use community::domain::member::MemberStatus;
use community::domain::tokens::TokenKeys;
use immunoguide::Stores;
use serde_json::json;
use shared::secret::SecretKey;

use crate::community_helpers::{link_token, spawn_community_app_with, CommunityApp};
use crate::helpers::expect_problem;

const DAY: Duration = Duration::from_secs(24 * 3600);

async fn dynamo_stores() -> Stores {
    let client = crate::dynamodb_local::client().await;
    let tables = crate::dynamodb_local::fresh_tables(&client).await;
    Stores::dynamo(client, &tables)
}

macro_rules! on_both_adapters {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case(immunoguide::Stores::empty()).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case(super::dynamo_stores().await).await;
            }
        }
    )*};
}

on_both_adapters!(
    erasure_is_final_for_anonymous_callers,
    unsubscribing_is_final_for_anonymous_callers,
    a_link_mailed_before_leaving_cannot_bring_the_address_back,
    bad_confirmation_tokens_name_the_token_and_store_nothing,
);

async fn app_on(stores: Stores) -> CommunityApp {
    spawn_community_app_with(stores, |options| {
        options.community.common.form.rate_limit.limit = 1000;
    })
    .await
}

async fn confirmed(community: &CommunityApp, email: &str) {
    assert_eq!(community.sign_up(email).await.status(), 202);
    assert_eq!(community.confirm_latest(email).await.status(), 200);
}

/// After `leave`, anonymous signups mail the address once, then not again for 30 days, however
/// often they come and though each signup's lapse passes; the record stays as it was left.
async fn stays_left(community: &CommunityApp, email: &str, left: MemberStatus) {
    let mails = || community.mails_to(email).len();
    let before = mails();
    assert_eq!(community.sign_up(email).await.status(), 202);
    assert_eq!(mails(), before + 1, "one confirmation, for the owner");
    let record = community.member(email).await.unwrap();
    assert_eq!(record.status, left, "an anonymous signup changes nothing");
    assert_eq!(
        record.expires_at, None,
        "the suppression entry never lapses"
    );
    // Within the 30 days: the next day, past the 7 days a signup lasts, on the 29th day.
    for days in [1, 7, 21] {
        community.clock.advance(DAY * days);
        assert_eq!(community.sign_up(email).await.status(), 202);
        assert_eq!(mails(), before + 1, "no second email within 30 days");
        let record = community
            .member(email)
            .await
            .expect("the suppression entry");
        assert_eq!(record.status, left);
        assert_eq!(record.expires_at, None);
    }
    community.clock.advance(DAY);
    assert_eq!(community.sign_up(email).await.status(), 202);
    assert_eq!(mails(), before + 2, "one again after 30 days");
    // The latest link is the owner's way back: confirming it re-subscribes.
    assert_eq!(community.confirm_latest(email).await.status(), 200);
    let record = community.member(email).await.unwrap();
    assert_eq!(record.status, MemberStatus::Confirmed);
    assert_eq!(
        record.email.as_deref(),
        Some(email),
        "the mailbox was proved"
    );
    assert_eq!(record.interests, ["advocate", "patient"]);
}

async fn erasure_is_final_for_anonymous_callers(stores: Stores) {
    let community = app_on(stores).await;
    let email = "erased.once@example.org";
    confirmed(&community, email).await;
    assert_eq!(community.erase(email).await.status(), 200);
    stays_left(&community, email, MemberStatus::Erased).await;
}

async fn unsubscribing_is_final_for_anonymous_callers(stores: Stores) {
    let community = app_on(stores).await;
    let email = "left.once@example.org";
    confirmed(&community, email).await;
    let token = community.manage_token(email);
    let left = community
        .post("/v1/community/unsubscribe", &json!({ "token": token }))
        .await;
    assert_eq!(left.status(), 200);
    stays_left(&community, email, MemberStatus::Unsubscribed).await;
}

async fn a_link_mailed_before_leaving_cannot_bring_the_address_back(stores: Stores) {
    let community = &app_on(stores).await;
    let email = "changed.mind@example.org";
    community.sign_up(email).await;
    let first = link_token(&community.mails_to(email)[0], "/community/confirm");
    let confirm = |token: String| async move {
        community
            .post("/v1/community/confirmations", &json!({ "token": token }))
            .await
    };
    assert_eq!(confirm(first.clone()).await.status(), 200);
    assert_eq!(confirm(first.clone()).await.status(), 200, "idempotent");
    assert_eq!(community.metric_count("CommunityConfirmed"), 1);

    community.clock.advance(Duration::from_secs(60));
    assert_eq!(community.erase(email).await.status(), 200);
    let problem = expect_problem(confirm(first.clone()).await, 400).await;
    assert_eq!(problem["errors"][0]["field"], "token", "{problem}");
    assert_eq!(community.member_status(email).await, MemberStatus::Erased);

    // A signup after the erasure mails a link; its owner may still refuse it from that email,
    // and then that link cannot bring the address back either.
    community.sign_up(email).await;
    let second = link_token(
        community.mails_to(email).last().unwrap(),
        "/community/confirm",
    );
    let unsubscribe = community.manage_token(email);
    community.clock.advance(Duration::from_secs(60));
    let refused = community
        .post(
            "/v1/community/unsubscribe",
            &json!({ "token": unsubscribe }),
        )
        .await;
    assert_eq!(refused.status(), 200);
    expect_problem(confirm(second).await, 400).await;
    let record = community.member(email).await.unwrap();
    assert_eq!(record.status, MemberStatus::Erased);
    assert_eq!(record.email, None);
}

async fn bad_confirmation_tokens_name_the_token_and_store_nothing(stores: Stores) {
    let community = app_on(stores).await;
    let email = "pending.only@example.org";
    community.sign_up(email).await;
    let real = link_token(&community.mails_to(email)[0], "/community/confirm");

    // Another deployment's key, for an address this one never saw: the same hash key, so that
    // only the token's key keeps it out.
    let hash_key = community.hash_key.clone();
    let elsewhere = spawn_community_app_with(Stores::empty(), |options| {
        options.community.email_hash_key = hash_key;
        options.community.manage_token_keys = TokenKeys::new(SecretKey::random(), Vec::new());
    })
    .await;
    let stranger = "other.key@example.org";
    elsewhere.sign_up(stranger).await;
    let foreign = link_token(&elsewhere.mails_to(stranger)[0], "/community/confirm");

    let tampered = {
        let mut bytes = real.clone().into_bytes();
        let middle = bytes.len() / 2;
        bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    let forged = {
        use base64::Engine;
        let random: Vec<u8> = std::iter::repeat_with(|| *uuid::Uuid::new_v4().as_bytes())
            .flatten()
            .take(real.len() * 3 / 4)
            .collect();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random)
    };
    let unsubscribe = community.manage_token(email);
    let truncated = real[..real.len() - 4].to_owned();
    let before = (
        community.member(email).await,
        community.consent_history(email).await,
    );
    let check = |kind: &'static str, token: String| {
        let community = &community;
        let before = &before;
        async move {
            let response = community
                .post("/v1/community/confirmations", &json!({ "token": token }))
                .await;
            let problem = expect_problem(response, 400).await;
            assert_eq!(problem["errors"][0]["field"], "token", "{kind}: {problem}");
            let after = (
                community.member(email).await,
                community.consent_history(email).await,
            );
            assert_eq!(&after, before, "{kind}: nothing stored");
            assert!(community.member(stranger).await.is_none(), "{kind}");
        }
    };
    check("forged", forged).await;
    check("tampered", tampered).await;
    check("truncated", truncated).await;
    check("sealed under another key", foreign).await;
    check("an unsubscribe token", unsubscribe).await;
    community.clock.advance(DAY * 7 + Duration::from_secs(1));
    // Past its lapse the pending record reads as absent, before and after alike.
    let before = (None, before.1);
    let response = community
        .post("/v1/community/confirmations", &json!({ "token": real }))
        .await;
    let problem = expect_problem(response, 400).await;
    assert_eq!(problem["errors"][0]["field"], "token", "expired: {problem}");
    assert_eq!(community.member(email).await, before.0, "expired: nothing");
    assert_eq!(
        community.consent_history(email).await,
        before.1,
        "expired: nothing stored"
    );
    assert_eq!(community.metric_count("CommunityConfirmed"), 0);
}
