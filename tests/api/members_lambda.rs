//! The `/v1/me` routes through the Lambda entry, with the claims API Gateway's JWT authorizer
//! passes for a members-pool ID token: the functions check the issuer, audience and kind of
//! token themselves, so a route wired to the wrong authorizer still lets no one in.

use std::sync::Arc;

use axum::Router;
use community::accounts::MemoryAccounts;
use community::mail::MemoryMailer;
use community::store::{MemberPorts, MemoryMemberStore};
use serde_json::{json, Value};
use shared::aws::metrics::{MemorySink, Metrics};
use shared::clock::ManualClock;
use shared::forms::adapters::FormAdapters;
use shared::http::member::MemberAudience;
use stories::store::{MemoryStoryStore, StoryPorts};

use crate::helpers::http_config;
use crate::lambda_path::{event, invoke};

const POOL: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Members1";
const CLIENT: &str = "5site0client0id0members";

fn audience() -> MemberAudience {
    MemberAudience {
        issuer: POOL.to_owned(),
        client_id: CLIENT.to_owned(),
    }
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new("2026-11-27T15:00:00Z".parse().unwrap()))
}

/// The community function as its `main.rs` composes it, on embedded stores.
fn community_function(accounts: Arc<MemoryAccounts>) -> Router {
    let mut settings = community::Settings::local(http_config());
    settings.members = audience();
    let adapters = community::Adapters {
        members: MemberPorts::of(MemoryMemberStore::new()),
        mailer: Arc::new(MemoryMailer::default()),
        accounts,
        form: FormAdapters::memory(
            clock(),
            Metrics::new("community", Arc::new(MemorySink::default())),
        ),
    };
    shared::aws::lambda::service(community::build(settings, adapters).into(), &http_config())
}

fn stories_function() -> Router {
    let mut settings = stories::Settings::local(http_config());
    settings.members = audience();
    let adapters = stories::Adapters {
        stories: StoryPorts::of(MemoryStoryStore::new()),
        form: FormAdapters::memory(
            clock(),
            Metrics::new("stories", Arc::new(MemorySink::default())),
        ),
    };
    shared::aws::lambda::service(stories::build(settings, adapters).into(), &http_config())
}

/// A federated user's ID token claims as the authorizer passes them: strings, the
/// `identities` array flattened.
fn cognito_claims() -> Value {
    json!({
        "sub": "8f1c2d3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f",
        "iss": POOL,
        "aud": CLIENT,
        "token_use": "id",
        "email": "ana@example.org",
        "email_verified": "true",
        "cognito:username": "Google_108234567890123456789",
        "identities": "[map[dateCreated:1764600000000 issuer:<nil> primary:true providerName:Google providerType:Google userId:108234567890123456789]]",
        "auth_time": "1764600000",
        "exp": "1764603600",
        "iat": "1764600000",
    })
}

fn with_claims(mut event: Value, claims: &Value) -> Value {
    event["requestContext"]["authorizer"] = json!({"jwt": {"claims": claims, "scopes": null}});
    event
}

#[tokio::test]
async fn cognito_shaped_claims_are_a_member_and_anything_else_is_not() {
    let accounts = Arc::new(MemoryAccounts::new());
    let community = community_function(accounts.clone());
    let me = || event("GET", "/v1/me", "", &[]);
    let answer = invoke(community.clone(), with_claims(me(), &cognito_claims())).await;
    assert_eq!(answer["statusCode"], 200, "{answer}");
    let body: Value = serde_json::from_str(answer["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["id"], "8f1c2d3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f");
    assert_eq!(body["providers"], json!(["google"]));
    assert_eq!(body["email_verified"], true);
    let wrong: [(&str, Value); 5] = [
        (
            "iss",
            json!("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Moderators"),
        ),
        ("aud", json!("another-app-client")),
        ("token_use", json!("access")),
        ("sub", json!("")),
        ("sub", json!("has spaces")),
    ];
    for (claim, value) in wrong {
        let mut claims = cognito_claims();
        claims[claim] = value.clone();
        let answer = invoke(community.clone(), with_claims(me(), &claims)).await;
        assert_eq!(answer["statusCode"], 401, "{claim} = {value}: {answer}");
    }
    let mut moderator = cognito_claims();
    moderator.as_object_mut().unwrap().remove("aud");
    moderator["cognito:groups"] = json!("[moderators]");
    let answer = invoke(community.clone(), with_claims(me(), &moderator)).await;
    assert_eq!(
        answer["statusCode"], 401,
        "a token without the site's audience"
    );
    let anonymous = invoke(community.clone(), me()).await;
    assert_eq!(anonymous["statusCode"], 401);
    // Deleting the account names it as the pool does: by its username.
    let deleted = invoke(
        community,
        with_claims(event("DELETE", "/v1/me", "", &[]), &cognito_claims()),
    )
    .await;
    assert_eq!(deleted["statusCode"], 204, "{deleted}");
    assert!(accounts.is_deleted("Google_108234567890123456789"));
}

#[tokio::test]
async fn the_stories_function_checks_the_members_claims_too() {
    let stories = stories_function();
    let mine = || event("GET", "/v1/me/stories", "", &[]);
    let answer = invoke(stories.clone(), with_claims(mine(), &cognito_claims())).await;
    assert_eq!(answer["statusCode"], 200, "{answer}");
    let mut claims = cognito_claims();
    claims["iss"] = json!("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Moderators");
    let answer = invoke(stories.clone(), with_claims(mine(), &claims)).await;
    assert_eq!(answer["statusCode"], 401);
    let answer = invoke(stories, mine()).await;
    assert_eq!(answer["statusCode"], 401);
}
