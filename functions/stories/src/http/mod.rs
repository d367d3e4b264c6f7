//! The stories routes and their OpenAPI description.

mod form;
mod moderation;
mod public;
mod submit;
mod views;

use std::sync::Arc;

use serde::Deserialize;
use shared::aws::metrics::Metrics;
use shared::clock::Clock;
use shared::forms::captcha::CaptchaVerifier;
use shared::forms::guard::FormGuard;
use shared::forms::idempotency::{Idempotency, IdempotencyStore};
use shared::forms::pipeline::FormPipeline;
use shared::forms::rate_limit::RateLimitStore;
use shared::http::lang::Lang;
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
    form: FormPipeline,
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
        Self {
            stories,
            form: FormPipeline::new(
                FormGuard::new(FORM_PURPOSE, settings.form, rate_limits),
                Idempotency::new(idempotency),
                captcha,
                metrics.clone(),
                metric::RATE_LIMITED,
            ),
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

/// Metric names, one per event the issue asks to count.
pub(crate) mod metric {
    pub const SUBMITTED: &str = "StorySubmitted";
    pub const HELD: &str = "StoryHeld";
    pub const RATE_LIMITED: &str = "StoryRateLimited";
    pub const APPROVED: &str = "StoryApproved";
    pub const REJECTED: &str = "StoryRejected";
    pub const WITHDRAWN: &str = "StoryWithdrawn";
}
