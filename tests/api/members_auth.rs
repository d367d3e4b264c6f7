//! Every `/v1/me` route is for a signed-in member only: without a members-pool ID token for
//! the site, valid now, each answers 401 before anything is read or changed.

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::json;

use crate::helpers::expect_problem;
use crate::me_helpers::{spawn_members_app, MembersApp};

const ROUTES: [(&str, &str); 8] = [
    ("GET", "/v1/me"),
    ("DELETE", "/v1/me"),
    ("GET", "/v1/me/community"),
    ("PUT", "/v1/me/community"),
    ("GET", "/v1/me/stories"),
    ("POST", "/v1/me/stories"),
    ("DELETE", "/v1/me/stories"),
    (
        "DELETE",
        "/v1/me/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
    ),
];

/// A token signed with the app's key whose claims are exactly `claims`.
fn forged(claims: serde_json::Value) -> String {
    let key = EncodingKey::from_secret(b"test-members-key-of-32-characters!!");
    encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap()
}

fn claims(iss: &str, aud: &str, minutes_left: i64) -> serde_json::Value {
    json!({
        "sub": "local-0123456789abcdef01234567",
        "iss": iss,
        "aud": aud,
        "token_use": "id",
        "email": "ana@example.org",
        "email_verified": true,
        "cognito:username": "Facebook_local-0123456789abcdef01234567",
        "identities": "[]",
        "exp": (chrono::Utc::now() + chrono::Duration::minutes(minutes_left)).timestamp(),
    })
}

async fn refused(members: &MembersApp, token: Option<&str>, why: &str) {
    for (method, path) in ROUTES {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let app = &members.community.app;
        let mut request = app
            .client
            .request(method.clone(), app.url(path))
            .json(&json!({"subscribed": false}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let problem = expect_problem(response, 401).await;
        assert!(
            problem["detail"].as_str().unwrap().contains("member"),
            "{why}: {method} {path}: {problem}"
        );
    }
}

#[tokio::test]
async fn every_me_route_refuses_anything_but_a_live_member_token_for_the_site() {
    let members = spawn_members_app().await;
    let (issuer, audience) = ("immunoguide-local-members", "immunoguide-local-site");
    refused(&members, None, "no token").await;
    refused(&members, Some("not-a-jwt"), "garbage").await;
    refused(
        &members,
        Some(&forged(claims(issuer, audience, -10))),
        "expired",
    )
    .await;
    refused(
        &members,
        Some(&forged(claims("https://elsewhere.example", audience, 10))),
        "issuer",
    )
    .await;
    refused(
        &members,
        Some(&forged(claims(issuer, "another-client", 10))),
        "audience",
    )
    .await;
    let moderator = members.key.mint(
        "mod-1",
        &["moderators".to_owned()],
        chrono::Duration::hours(1),
    );
    refused(&members, Some(&moderator), "a moderator's token").await;
    let other_key =
        immunoguide::local_auth::LocalJwtKey::new(b"some-other-key-of-32-characters!!!");
    refused(
        &members,
        Some(&crate::me_helpers::sign_in(
            &other_key,
            "ana@example.org",
            true,
        )),
        "key",
    )
    .await;
    // The same claims, signed right and live, pass: the cases above fail for their reason.
    let good = forged(claims(issuer, audience, 10));
    let me = members.read("/v1/me", &good).await;
    assert_eq!(me["email"], "ana@example.org");
}

#[tokio::test]
async fn a_members_token_opens_no_moderation_route() {
    let members = spawn_members_app().await;
    let token = members.token("ana@example.org", true);
    for path in [
        "/v1/moderation/stories",
        "/v1/moderation/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
    ] {
        let response = members.call(Method::GET, path, &token, None).await;
        expect_problem(response, 401).await;
    }
}

#[tokio::test]
async fn who_i_am_is_my_pseudonym_my_address_and_my_providers() {
    let members = spawn_members_app().await;
    let token = members.token("Ana@Example.org", false);
    let me = members.read("/v1/me", &token).await;
    assert!(me["id"].as_str().unwrap().starts_with("local-"), "{me}");
    assert_eq!(me["email"], "Ana@Example.org");
    assert_eq!(me["email_verified"], false);
    assert_eq!(me["providers"], json!(["facebook"]));
    let response = members.call(Method::GET, "/v1/me", &token, None).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
}
