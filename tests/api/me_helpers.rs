//! A whole app with members signed in through the development sign-in's tokens: helpers that
//! play the site's account pages.

use std::sync::Arc;

use community::accounts::MemoryAccounts;
use immunoguide::local_auth::{LocalJwtKey, MemberSignIn};
use immunoguide::{Options, Stores};
use reqwest::Method;
use serde_json::{json, Value};

use crate::community_helpers::{spawn_community_app_with, CommunityApp};
use crate::stories_helpers::valid_story;

pub struct MembersApp {
    pub community: CommunityApp,
    pub key: LocalJwtKey,
    pub accounts: Arc<MemoryAccounts>,
}

pub async fn spawn_members_app() -> MembersApp {
    spawn_members_app_with(Stores::empty(), |_| {}).await
}

pub async fn spawn_members_app_with(stores: Stores, tune: impl FnOnce(&mut Options)) -> MembersApp {
    let key = LocalJwtKey::new(b"test-members-key-of-32-characters!!");
    let accounts = Arc::new(MemoryAccounts::new());
    let (moderator_key, directory) = (key.clone(), accounts.clone());
    let community = spawn_community_app_with(stores, move |options| {
        options.moderator_key = moderator_key;
        options.accounts = directory;
        tune(options);
    })
    .await;
    MembersApp {
        community,
        key,
        accounts,
    }
}

/// Someone signing in with `provider`: a member token as the account page gets one.
pub fn sign_in(key: &LocalJwtKey, email: &str, verified: bool) -> String {
    let who = MemberSignIn {
        email: email.to_owned(),
        email_verified: verified,
        provider: "facebook".to_owned(),
    };
    key.mint_member(&who, chrono::Duration::hours(1)).unwrap()
}

impl MembersApp {
    pub fn token(&self, email: &str, verified: bool) -> String {
        sign_in(&self.key, email, verified)
    }

    /// The status of a DELETE of `path` as `token`'s member.
    pub async fn delete_status(&self, path: &str, token: &str) -> u16 {
        let response = self.call(Method::DELETE, path, token, None).await;
        response.status().as_u16()
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let app = &self.community.app;
        let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    /// `GET` as the member, expecting 200; the body.
    pub async fn read(&self, path: &str, token: &str) -> Value {
        let response = self.call(Method::GET, path, token, None).await;
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// Submits a valid story signed in; its id.
    pub async fn share(&self, token: &str) -> String {
        let app = &self.community.app;
        let form = app
            .form_token("/v1/stories/form?lang=en", &self.community.clock)
            .await;
        let response = self
            .call(
                Method::POST,
                "/v1/me/stories",
                token,
                Some(valid_story(&form)),
            )
            .await;
        assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
        let accepted: Value = response.json().await.unwrap();
        accepted["id"].as_str().unwrap().to_owned()
    }

    /// The story as stored, whatever its state.
    pub async fn stored_story(&self, id: &str) -> stories::domain::story::StoryRecord {
        let now = self.community.clock_now();
        let reader = &self.community.stores.stories.reader;
        reader.get(id, now).await.unwrap().expect("stored")
    }

    pub async fn my_stories(&self, token: &str) -> Vec<Value> {
        let list = self.read("/v1/me/stories", token).await;
        list["stories"].as_array().unwrap().clone()
    }

    /// Joins (or changes) the community as the member, expecting 200; the subscription.
    pub async fn join(&self, token: &str, interests: &[&str], lang: &str) -> Value {
        let body = json!({
            "subscribed": true,
            "interests": interests,
            "lang": lang,
            "consent": true,
            "consent_version": community::domain::consent::CONSENT_VERSION,
        });
        let response = self
            .call(Method::PUT, "/v1/me/community", token, Some(body))
            .await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }
}
