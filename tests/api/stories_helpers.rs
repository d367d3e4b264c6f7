//! A stories app with a clock the test moves, captured metrics, and helpers that play the
//! frontend (fetch the form, wait like a person, submit) and the moderator.

use std::sync::Arc;

use immunoguide::local_auth::LocalJwtKey;
use immunoguide::{Options, Stores};
use serde_json::{json, Value};
use shared::aws::metrics::MemorySink;
use shared::clock::ManualClock;

use crate::helpers::{http_config, spawn_app_with_options, TestApp};

pub const START: &str = "2026-11-27T15:00:00Z";

pub struct StoriesApp {
    pub app: TestApp,
    pub clock: Arc<ManualClock>,
    pub metrics: Arc<MemorySink>,
    moderator_key: LocalJwtKey,
}

pub async fn spawn_stories_app() -> StoriesApp {
    spawn_stories_app_with(Stores::empty(), |_| {}).await
}

pub async fn spawn_stories_app_with(stores: Stores, tune: impl FnOnce(&mut Options)) -> StoriesApp {
    let clock = Arc::new(ManualClock::new(START.parse().unwrap()));
    let metrics = Arc::new(MemorySink::default());
    let moderator_key = LocalJwtKey::new(b"test-moderator-key");
    let mut options = Options::local(http_config());
    options.clock = clock.clone();
    options.metrics = Some(metrics.clone());
    options.moderator_key = moderator_key.clone();
    tune(&mut options);
    StoriesApp {
        app: spawn_app_with_options(stores, options).await,
        clock,
        metrics,
        moderator_key,
    }
}

/// A submission body that passes every rule, in the shape a frontend sends.
pub fn valid_story(form_token: &str) -> Value {
    json!({
        "title": "Two years on nivolumab",
        "body": "When I was diagnosed with melanoma my doctor suggested a clinical trial. The first months \
                 were hard, with fatigue and a rash, but the scans kept improving and I am back at work.",
        "display_name": "Ana R.",
        "role": "patient",
        "cancer_type": "melanoma",
        "treatment": "checkpoint_inhibitor",
        "age_range": "50_59",
        "lang": "en",
        "consents": {"publish_health_information": true, "patient_permission": true, "contact": false},
        "consent_version": "2026-11-27",
        "form_token": form_token,
    })
}

impl StoriesApp {
    /// Loads the form, then lets a person's minute pass.
    pub async fn form_token(&self) -> String {
        self.app
            .form_token("/v1/stories/form?lang=en", &self.clock)
            .await
    }

    pub async fn submit(&self, body: &Value, idempotency_key: Option<&str>) -> reqwest::Response {
        let mut request = self.app.client.post(self.app.url("/v1/stories")).json(body);
        if let Some(key) = idempotency_key {
            request = request.header("idempotency-key", key);
        }
        request.send().await.unwrap()
    }

    /// Submits a valid story, edited by `edit`, and returns the 202 answer.
    pub async fn submit_valid(&self, edit: impl FnOnce(&mut Value)) -> Value {
        let mut body = valid_story(&self.form_token().await);
        edit(&mut body);
        let response = self.submit(&body, None).await;
        assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    /// Submits a valid story and returns its id.
    pub async fn submit_pending(&self) -> String {
        let accepted = self.submit_valid(|_| {}).await;
        accepted["id"].as_str().unwrap().to_owned()
    }

    pub fn token(&self, subject: &str, groups: &[&str]) -> String {
        let groups: Vec<String> = groups.iter().map(|group| (*group).to_owned()).collect();
        self.moderator_key
            .mint(subject, &groups, chrono::Duration::hours(1))
    }

    pub fn moderator(&self) -> String {
        self.token("mod-1", &["moderators"])
    }

    pub async fn as_moderator(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self
            .app
            .client
            .request(method, self.app.url(path))
            .bearer_auth(self.moderator());
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    pub async fn moderation_view(&self, id: &str) -> Value {
        let response = self
            .as_moderator(
                reqwest::Method::GET,
                &format!("/v1/moderation/stories/{id}"),
                None,
            )
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn queue(&self, status: &str) -> Vec<Value> {
        let response = self
            .as_moderator(
                reqwest::Method::GET,
                &format!("/v1/moderation/stories?status={status}"),
                None,
            )
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        body["stories"].as_array().unwrap().clone()
    }

    pub async fn decide(&self, id: &str, decision: Value) -> reqwest::Response {
        self.as_moderator(
            reqwest::Method::POST,
            &format!("/v1/moderation/stories/{id}/decisions"),
            Some(decision),
        )
        .await
    }

    /// A decision that must succeed: the story after it.
    pub async fn decided(&self, id: &str, decision: Value) -> Value {
        let response = self.decide(id, decision).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Approves the story as a moderator and returns the story after the decision.
    pub async fn approve(&self, id: &str) -> Value {
        let version = self.moderation_view(id).await["version"].clone();
        self.decided(
            id,
            json!({"action": "approve", "reason": "Helpful and respectful.", "version": version}),
        )
        .await
    }

    pub fn metric_count(&self, name: &str) -> usize {
        crate::helpers::metric_count(&self.metrics, name)
    }
}
