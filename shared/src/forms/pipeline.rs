//! The guarded POST every public form runs through, in one order for all of them: the
//! `Idempotency-Key` is read and the body parsed; then, inside the idempotent run, the honeypot,
//! the form's own validation, the time trap, the CAPTCHA and the rate limit; only then the
//! form's work. A replay answers from the first run without repeating any of it.

use std::future::Future;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::captcha::CaptchaVerifier;
use super::guard::{FormGuard, FormGuardSettings};
use super::idempotency::{Idempotency, IdempotencyKey, Outcome, IDEMPOTENT_REPLAYED};
use super::tables::FormPorts;
use crate::aws::metrics::Metrics;
use crate::http::caching::no_store;
use crate::http::client_address::ClientAddress;
use crate::http::extract::from_json_value;
use crate::http::problem::ApiError;

/// The fields a guarded form carries besides its own.
pub trait GuardedFields {
    /// The honeypot field's value (`website`): a person leaves it empty.
    fn honeypot(&self) -> Option<&str>;
    /// The signed form token issued with the form.
    fn form_token(&self) -> &str;
    /// The CAPTCHA widget's answer, where the form shows one.
    fn captcha_token(&self) -> Option<&str> {
        None
    }
}

/// One form's guards, built once per function.
#[derive(Clone)]
pub struct FormPipeline {
    guard: FormGuard,
    idempotency: Idempotency,
    captcha: Arc<dyn CaptchaVerifier>,
    metrics: Metrics,
    /// Counted each time the rate limit refuses a submission.
    rate_limited_metric: &'static str,
}

/// What a POST brought, before anything is checked.
pub struct Submission {
    pub headers: HeaderMap,
    pub payload: Value,
    pub client: ClientAddress,
    pub now: DateTime<Utc>,
}

impl FormPipeline {
    pub fn new(
        guard: FormGuard,
        idempotency: Idempotency,
        captcha: Arc<dyn CaptchaVerifier>,
        metrics: Metrics,
        rate_limited_metric: &'static str,
    ) -> Self {
        Self {
            guard,
            idempotency,
            captcha,
            metrics,
            rate_limited_metric,
        }
    }

    /// The pipeline of the form `purpose`, its guards on `ports`.
    pub fn for_form(
        purpose: &'static str,
        settings: FormGuardSettings,
        ports: FormPorts,
        captcha: Arc<dyn CaptchaVerifier>,
        metrics: Metrics,
        rate_limited_metric: &'static str,
    ) -> Self {
        Self::new(
            FormGuard::new(purpose, settings, ports.rate_limits),
            Idempotency::new(ports.idempotency),
            captcha,
            metrics,
            rate_limited_metric,
        )
    }

    pub fn guard(&self) -> &FormGuard {
        &self.guard
    }

    /// Runs `submission` through every guard, then `work` with what `validate` made of the
    /// input. `work` answers a status and a JSON body, which is what a replay gets back.
    pub async fn submit<I, T, V, W, F>(
        &self,
        submission: Submission,
        validate: V,
        work: W,
    ) -> Result<Outcome, ApiError>
    where
        I: DeserializeOwned + GuardedFields,
        V: FnOnce(&I) -> Result<T, ApiError>,
        W: FnOnce(T) -> F,
        F: Future<Output = Result<(StatusCode, Value), ApiError>>,
    {
        let key = IdempotencyKey::from_headers(&submission.headers)?;
        let input: I = from_json_value(submission.payload.clone())?;
        let now = submission.now;
        let guarded = async {
            self.guard.check_honeypot(input.honeypot())?;
            let valid = validate(&input)?;
            self.guard.check_token(input.form_token(), now)?;
            self.captcha
                .verify(input.captcha_token(), "captcha_token")
                .await?;
            if let Err(limited) = self.guard.check_rate(&submission.client, now).await {
                self.metrics.count(self.rate_limited_metric);
                return Err(limited);
            }
            work(valid).await
        };
        self.idempotency
            .run(self.guard.purpose(), key, &submission.payload, now, guarded)
            .await
    }
}

/// The answer to a guarded POST: never cached, and marked when it is a replay.
pub fn respond(outcome: &Outcome, body: impl Serialize) -> Response {
    let mut response = no_store(outcome.status, body);
    if outcome.replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}
