//! A community app with a clock the test moves, a mailer that keeps messages, captured metrics
//! and a known address-hash key, and helpers that play the frontend and the mailbox.

use std::sync::Arc;

use community::domain::tokens::email_hash;
use community::mail::{MemoryMailer, OutgoingEmail};
use immunoguide::{Options, Stores};
use serde_json::{json, Value};
use shared::aws::metrics::MemorySink;
use shared::clock::ManualClock;
use shared::forms::email::EmailAddress;
use shared::secret::SecretKey;

use crate::helpers::{http_config, spawn_app_with_options, TestApp};

pub struct CommunityApp {
    pub app: TestApp,
    pub clock: Arc<ManualClock>,
    pub mailer: Arc<MemoryMailer>,
    pub metrics: Arc<MemorySink>,
    pub stores: Stores,
    pub hash_key: SecretKey,
}

pub async fn spawn_community_app() -> CommunityApp {
    spawn_community_app_with(Stores::empty(), |_| {}).await
}

pub async fn spawn_community_app_with(
    stores: Stores,
    tune: impl FnOnce(&mut Options),
) -> CommunityApp {
    let clock = Arc::new(ManualClock::new("2026-11-27T15:00:00Z".parse().unwrap()));
    let mailer = Arc::new(MemoryMailer::default());
    let metrics = Arc::new(MemorySink::default());
    let hash_key = SecretKey::random();
    let mut options = Options::local(http_config());
    options.clock = clock.clone();
    options.mailer = mailer.clone();
    options.metrics = Some(metrics.clone());
    options.community.email_hash_key = hash_key.clone();
    options.community.frontend_base_url = "https://immunoguide.test".to_owned();
    options.community.api_base_url = "https://api.immunoguide.test".to_owned();
    tune(&mut options);
    // The test may have set its own key (to share a store between two apps).
    let hash_key = options.community.email_hash_key.clone();
    CommunityApp {
        app: spawn_app_with_options(stores.clone(), options).await,
        clock,
        mailer,
        metrics,
        stores,
        hash_key,
    }
}

pub fn signup_body(email: &str, form_token: &str) -> Value {
    json!({
        "email": email,
        "first_name": "Ana",
        "interests": ["patient", "advocate"],
        "lang": "en",
        "consent": true,
        "consent_version": "2026-11-27",
        "form_token": form_token,
        "source_page": "/community/join",
    })
}

/// The token in a link of `email` whose path contains `path`.
pub fn link_token(email: &OutgoingEmail, path: &str) -> String {
    let start = email
        .text
        .find(path)
        .unwrap_or_else(|| panic!("a {path} link in the email"));
    let rest = &email.text[start..];
    let token = rest.split("token=").nth(1).expect("a token in the link");
    token
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

impl CommunityApp {
    /// The signup form as served, at once (no time passes).
    pub async fn form(&self) -> Value {
        let response = self.app.get("/v1/community/form").await;
        response.json().await.unwrap()
    }

    /// Loads the form, then lets a person's minute pass.
    pub async fn form_token(&self) -> String {
        self.app.form_token("/v1/community/form", &self.clock).await
    }

    /// `count` single-use tokens, loaded together, then a person's minute.
    pub async fn form_tokens(&self, count: usize) -> Vec<String> {
        self.app
            .form_tokens("/v1/community/form", &self.clock, count)
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A POST of a raw `body` of `content_type`, as mail clients send one.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: &'static str,
    ) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// The status of a signup with `body`.
    pub async fn signup_status(&self, body: &Value) -> u16 {
        let response = self.post("/v1/community/signups", body).await;
        response.status().as_u16()
    }

    pub async fn sign_up(&self, email: &str) -> reqwest::Response {
        let body = signup_body(email, &self.form_token().await);
        self.post("/v1/community/signups", &body).await
    }

    /// Lets a day pass, signs `email` up again, and answers how many emails it has had in all.
    pub async fn mails_after_a_day_and_a_signup(&self, email: &str) -> usize {
        self.clock
            .advance(std::time::Duration::from_secs(24 * 3600));
        self.sign_up(email).await;
        self.mails_to(email).len()
    }

    pub fn hash(&self, email: &str) -> String {
        email_hash(&self.hash_key, EmailAddress::parse(email).unwrap().as_str())
    }

    /// The status of the record of `email`, which must exist.
    pub async fn member_status(&self, email: &str) -> community::domain::member::MemberStatus {
        self.member(email).await.expect("a record").status
    }

    pub async fn member(&self, email: &str) -> Option<community::domain::member::MemberRecord> {
        self.stores
            .members
            .reader
            .get(&self.hash(email), self.clock_now())
            .await
            .unwrap()
    }

    /// Every consent event of `email`, oldest first.
    pub async fn consent_history(
        &self,
        email: &str,
    ) -> Vec<community::domain::consent::ConsentEvent> {
        self.stores
            .members
            .reader
            .consent_history(&self.hash(email))
            .await
            .unwrap()
    }

    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        use shared::clock::Clock;
        self.clock.now()
    }

    pub fn mails_to(&self, email: &str) -> Vec<OutgoingEmail> {
        self.mailer
            .sent_to(EmailAddress::parse(email).unwrap().as_str())
    }

    pub async fn confirm_latest(&self, email: &str) -> reqwest::Response {
        let mails = self.mails_to(email);
        let token = link_token(
            mails.last().expect("a confirmation email"),
            "/community/confirm",
        );
        self.post("/v1/community/confirmations", &json!({"token": token}))
            .await
    }

    pub fn manage_token(&self, email: &str) -> String {
        let mails = self.mails_to(email);
        link_token(mails.last().expect("an email"), "/community/unsubscribe/")
    }

    /// The token of the erasure link in the latest email (an erasure email's is live).
    pub fn erasure_token(&self, email: &str) -> String {
        let mails = self.mails_to(email);
        link_token(mails.last().expect("an email"), "/community/erase/")
    }

    /// Erases as the address's owner does: an email's erase link asks for an erasure link
    /// (202), whose token erases. The erasure's answer.
    pub async fn erase(&self, email: &str) -> reqwest::Response {
        let token = self.manage_token(email);
        let asked = self
            .post("/v1/community/erasure", &json!({"token": token}))
            .await;
        assert_eq!(
            asked.status(),
            202,
            "an email's erase link asks for a fresh one"
        );
        let token = self.erasure_token(email);
        self.post("/v1/community/erasure", &json!({"token": token}))
            .await
    }

    pub fn metric_count(&self, name: &str) -> usize {
        crate::helpers::metric_count(&self.metrics, name)
    }
}
