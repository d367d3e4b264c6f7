//! The stories routes and their OpenAPI description.

mod form;
mod moderation;
mod public;
mod submit;
mod views;

use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use shared::captcha::CaptchaVerifier;
use shared::clock::Clock;
use shared::form_token::FormTokens;
use shared::idempotency::{Idempotency, IdempotencyStore};
use shared::lang::Lang;
use shared::metrics::Metrics;
use shared::rate_limit::{RateLimitStore, RateLimiter};
use shared::secret::SecretKey;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::StoriesSettings;
use crate::store::StoryStore;

pub use views::*;

/// The form a token is issued for.
const FORM_PURPOSE: &str = "stories";

#[derive(Clone)]
pub struct StoriesState {
    stories: Arc<dyn StoryStore>,
    idempotency: Idempotency,
    rate_limiter: RateLimiter,
    form_tokens: FormTokens,
    captcha: Arc<dyn CaptchaVerifier>,
    captcha_site_key: Option<String>,
    withdrawal_key: SecretKey,
    retention: chrono::Duration,
    clock: Arc<dyn Clock>,
    metrics: Metrics,
}

impl StoriesState {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        stories: Arc<dyn StoryStore>,
        rate_limits: Arc<dyn RateLimitStore>,
        idempotency: Arc<dyn IdempotencyStore>,
        settings: StoriesSettings,
        captcha: Arc<dyn CaptchaVerifier>,
        captcha_site_key: Option<String>,
        clock: Arc<dyn Clock>,
        metrics: Metrics,
    ) -> Self {
        let mut form_tokens = FormTokens::new(settings.form_token_key);
        form_tokens.min_age = settings.form_min_age;
        form_tokens.max_age = settings.form_max_age;
        Self {
            stories,
            idempotency: Idempotency::new(idempotency),
            rate_limiter: RateLimiter::new(
                rate_limits,
                settings.rate_limit,
                settings.client_address_key,
            ),
            form_tokens,
            captcha,
            captcha_site_key,
            withdrawal_key: settings.withdrawal_key,
            retention: chrono::Duration::from_std(settings.retention)
                .unwrap_or(chrono::Duration::days(30)),
            clock,
            metrics,
        }
    }
}

pub fn routes(state: StoriesState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(form::get_form))
        .routes(routes!(public::list_stories, submit::submit_story))
        .routes(routes!(public::get_story, public::withdraw_story))
        .routes(routes!(moderation::list_queue))
        .routes(routes!(moderation::get_for_moderation))
        .routes(routes!(moderation::decide))
        .with_state(state)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LangParam {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
}

/// Private answers (tokens, personal data) must never be stored by a browser or a CDN.
pub(crate) fn no_store<T: serde::Serialize>(status: axum::http::StatusCode, body: T) -> Response {
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Metric names, one per event the issue asks to count.
pub(crate) mod metric {
    pub const SUBMITTED: &str = "StorySubmitted";
    pub const HELD: &str = "StoryHeld";
    pub const RATE_LIMITED: &str = "StoryRateLimited";
    pub const APPROVED: &str = "StoryApproved";
    pub const REJECTED: &str = "StoryRejected";
    pub const WITHDRAWN: &str = "StoryWithdrawn";
}
