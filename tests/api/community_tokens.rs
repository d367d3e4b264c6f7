//! What each link in our emails can do: the unsubscribe link only unsubscribes, erasure needs a
//! fresh link mailed to the address and working for 24 hours, and tokens name their key, so a
//! key can rotate without breaking the links already sent.

use std::time::Duration;

use community::domain::member::MemberStatus;
use community::domain::tokens::TokenKeys;
use serde_json::json;
use shared::secret::SecretKey;

use crate::community_helpers::{spawn_community_app, spawn_community_app_with, CommunityApp};

async fn member(community: &CommunityApp, email: &str) {
    assert_eq!(community.sign_up(email).await.status(), 202);
    assert_eq!(community.confirm_latest(email).await.status(), 200);
}

async fn erase_with(community: &CommunityApp, token: &str) -> (u16, serde_json::Value) {
    let response = community
        .post("/v1/community/erasure", &json!({"token": token}))
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn an_unsubscribe_link_cannot_erase_it_mails_the_owner_an_erasure_link() {
    let community = spawn_community_app().await;
    let email = "forwarded.newsletter@example.org";
    member(&community, email).await;
    let unsubscribe = community.manage_token(email);

    let (status, body) = erase_with(&community, &unsubscribe).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (202, Some("erasure_link_sent"))
    );
    assert_eq!(
        community.member_status(email).await,
        MemberStatus::Confirmed
    );
    let mails = community.mails_to(email);
    let erasure_mail = mails.last().unwrap();
    assert!(
        erasure_mail.subject.contains("erase"),
        "{}",
        erasure_mail.subject
    );
    let erasure = community.erasure_token(email);
    assert_ne!(erasure, unsubscribe);

    // The erasure link's token is no skeleton key: it erases this address only, and works once
    // it is used as often as pressed (erasure is idempotent).
    assert_eq!(erase_with(&community, &erasure).await.0, 200);
    assert_eq!(community.member_status(email).await, MemberStatus::Erased);
    assert_eq!(erase_with(&community, &erasure).await.0, 200);
    // With no address kept, asking again sends nothing.
    let sent = community.mails_to(email).len();
    assert_eq!(erase_with(&community, &unsubscribe).await.0, 202);
    assert_eq!(community.mails_to(email).len(), sent);
}

#[tokio::test]
async fn an_erasure_link_expires_after_a_day_and_then_asks_for_a_new_one() {
    let community = spawn_community_app().await;
    let email = "slow.reader@example.org";
    member(&community, email).await;
    erase_with(&community, &community.manage_token(email)).await;
    let erasure = community.erasure_token(email);
    community.clock.advance(Duration::from_secs(24 * 3600 + 60));
    let before = community.mails_to(email).len();
    assert_eq!(erase_with(&community, &erasure).await.0, 202);
    assert_eq!(
        community.member_status(email).await,
        MemberStatus::Confirmed
    );
    assert_eq!(community.mails_to(email).len(), before + 1, "a fresh link");
    assert_eq!(
        erase_with(&community, &community.erasure_token(email))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn an_erasure_link_unsubscribes_too_but_never_the_other_way_round() {
    let community = spawn_community_app().await;
    let email = "both.links@example.org";
    member(&community, email).await;
    erase_with(&community, &community.manage_token(email)).await;
    let erasure = community.erasure_token(email);
    let response = community
        .post("/v1/community/unsubscribe", &json!({"token": erasure}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        community.member_status(email).await,
        MemberStatus::Unsubscribed
    );
}

#[tokio::test]
async fn links_already_sent_keep_working_after_the_key_rotates() {
    let (old, new) = (SecretKey::random(), SecretKey::random());
    let before = spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.manage_token_keys = TokenKeys::new(old.clone(), Vec::new());
    })
    .await;
    let email = "rotation@example.org";
    member(&before, email).await;
    let unsubscribe_sent_before = before.manage_token(email);
    erase_with(&before, &unsubscribe_sent_before).await;
    let erasure_sent_before = before.erasure_token(email);

    let stores = before.stores.clone();
    let key = before.hash_key.clone();
    let after = spawn_community_app_with(stores, |options| {
        options.community.email_hash_key = key;
        options.community.manage_token_keys = TokenKeys::new(new, vec![old]);
    })
    .await;
    assert_eq!(erase_with(&after, &erasure_sent_before).await.0, 200);
    assert_eq!(after.member_status(email).await, MemberStatus::Erased);

    let retired = spawn_community_app_with(after.stores.clone(), |options| {
        options.community.manage_token_keys = TokenKeys::new(SecretKey::random(), Vec::new());
    })
    .await;
    let response = retired
        .post(
            "/v1/community/unsubscribe",
            &json!({"token": unsubscribe_sent_before}),
        )
        .await;
    assert_eq!(
        response.status(),
        400,
        "a key no longer kept verifies nothing"
    );
}
