//! The guarded POST every public form runs through, in one order for all of them: the
//! `Idempotency-Key` is read and the body parsed; then, inside the idempotent run, the honeypot,
//! the form's own validation, the time trap, the CAPTCHA, the rate limit and spending the form
//! token; only then the form's work. A replay answers from the first run without repeating any
//! of it. A token is spent only by a submission that is accepted: when the work refuses or fails,
//! it is given back, so that the person can submit again (a retry, an edit after a 503).

use std::future::Future;
use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::captcha::CaptchaVerifier;
use super::guard::{FormGuard, FormGuardSettings, IssuedToken};
use super::idempotency::{Idempotency, IdempotencyKey, Outcome, IDEMPOTENT_REPLAYED};
use super::tables::FormPorts;
use crate::aws::metrics::Metrics;
use crate::http::caching::{no_store, no_store_in};
use crate::http::client_address::ClientAddress;
use crate::http::extract::{from_json_value, Json};
use crate::http::lang::{Lang, LangParam};
use crate::http::problem::ApiError;

/// What an idempotent retry must repeat: the request without the form token and CAPTCHA
/// answer, which prove a person loaded the form and are fresh when a client reloads it
/// before retrying. The `Idempotency-Key` stands for the request; a replay skips the guards.
fn without_guard_proofs(payload: &Value) -> Value {
    let mut request = payload.clone();
    if let Some(fields) = request.as_object_mut() {
        fields.remove("form_token");
        fields.remove("captcha_token");
    }
    request
}

/// The digest an idempotent retry of `payload` must match (`without_guard_proofs`).
pub fn request_fingerprint(payload: &Value) -> String {
    super::idempotency::fingerprint(&without_guard_proofs(payload))
}

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

/// Implements [`GuardedFields`] for a form body that names the guarded fields as every form's
/// frontend sends them: `website: Option<String>` (the honeypot), `form_token: String` and
/// `captcha_token: Option<String>`.
#[macro_export]
macro_rules! guarded_fields {
    ($input:ty) => {
        impl $crate::forms::pipeline::GuardedFields for $input {
            fn honeypot(&self) -> Option<&str> {
                self.website.as_deref()
            }

            fn form_token(&self) -> &str {
                &self.form_token
            }

            fn captcha_token(&self) -> Option<&str> {
                self.captcha_token.as_deref()
            }
        }
    };
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

/// What a POST brought, before anything is checked: the extractor every form's POST handler
/// takes, in the order the handlers took its parts (the caller's address, the headers, then
/// the JSON body, whose rejections are problem+json).
pub struct Submission {
    pub headers: HeaderMap,
    pub payload: Value,
    pub client: ClientAddress,
}

impl<S: Send + Sync> FromRequest<S> for Submission {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let client = ClientAddress::from_request_parts(&mut parts, state).await?;
        let headers = parts.headers.clone();
        let Json(payload) = Json::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Self {
            headers,
            payload,
            client,
        })
    }
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
            FormGuard::new(purpose, settings, ports.rate_limits, ports.spent_tokens),
            Idempotency::new(ports.idempotency),
            captcha,
            metrics,
            rate_limited_metric,
        )
    }

    /// For a form whose work is idempotent by itself (see `Idempotency::takeover`).
    pub fn with_idempotent_work(mut self) -> Self {
        self.idempotency.takeover = true;
        self
    }

    pub fn guard(&self) -> &FormGuard {
        &self.guard
    }

    /// The form's GET: `render` makes it in the negotiated language around a fresh token, so
    /// that no browser or CDN may store it.
    pub fn serve_form<F: Serialize>(
        &self,
        params: &LangParam,
        headers: &HeaderMap,
        now: DateTime<Utc>,
        render: impl FnOnce(Lang, IssuedToken) -> F,
    ) -> Result<Response, ApiError> {
        let lang = params.negotiate(headers)?;
        let form = render(lang, self.guard.issue(now));
        Ok(no_store_in(lang, form))
    }

    /// Runs `submission`, received at `now`, through every guard, then `work` with what
    /// `validate` made of the input. `work` answers a status and a JSON body, which is what a
    /// replay gets back.
    pub async fn submit<I, T, V, W, F>(
        &self,
        submission: Submission,
        now: DateTime<Utc>,
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
        let guarded = async {
            self.guard.check_honeypot(input.honeypot())?;
            let valid = validate(&input)?;
            let token = self.guard.check_token(input.form_token(), now)?;
            self.captcha
                .verify(input.captcha_token(), "captcha_token")
                .await?;
            if let Err(limited) = self.guard.check_rate(&submission.client, now).await {
                self.metrics.count(self.rate_limited_metric);
                return Err(limited);
            }
            self.guard.spend_token(&token, now).await?;
            let answer = work(valid).await;
            if !answer.as_ref().is_ok_and(|(status, _)| status.is_success()) {
                if let Err(error) = self.guard.unspend_token(&token).await {
                    // The answer stands; the person reloads the form if the token stays spent.
                    tracing::warn!(error = %error.problem().title, "a form token was not given back");
                }
            }
            answer
        };
        let request = without_guard_proofs(&submission.payload);
        self.idempotency
            .run(self.guard.purpose(), key, &request, now, guarded)
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
