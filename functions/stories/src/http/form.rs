//! The story form, with everything a frontend needs to render it truthfully.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use shared::http::extract::Query;
use shared::http::lang::LangParam;
use shared::{ApiError, Problem};

use super::{CaptchaInfo, FormState, StoryForm};
use crate::domain::catalog::{self, options};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::submission::LIMITS;
use shared::forms::guard::HONEYPOT_FIELD;
use shared::http::responses::Unavailable;

/// The story form: allow-lists with labels, consent texts, limits and a fresh form token.
#[utoipa::path(
    get,
    // Unique across the API: generated clients name their operations by it.
    operation_id = "get_story_form",
    path = "/v1/stories/form",
    tag = "stories",
    params(LangParam, shared::http::caching::ConditionalHeaders),
    responses(
        (status = 200, description = "The form, in the negotiated language. Never cached: the token is fresh.",
            body = StoryForm, headers(("Content-Language" = String), ("Cache-Control" = String))),
        (status = 400, description = "Unsupported `lang`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_form(
    State(state): State<FormState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    state
        .form
        .serve_form(&params, &headers, now, |lang, issued| StoryForm {
            lang,
            roles: options(catalog::ROLES, lang),
            cancer_types: options(catalog::CANCER_TYPES, lang),
            treatments: options(catalog::TREATMENTS, lang),
            age_ranges: options(catalog::AGE_RANGES, lang),
            consents: consent::texts(lang),
            consent_version: CONSENT_VERSION,
            limits: LIMITS,
            honeypot_field: HONEYPOT_FIELD,
            form_token: issued.token,
            form_token_min_seconds: issued.min_seconds,
            form_token_max_seconds: issued.max_seconds,
            captcha: CaptchaInfo {
                provider: if state.captcha_site_key.is_some() {
                    "turnstile"
                } else {
                    "none"
                },
                site_key: state.captcha_site_key.clone(),
            },
        })
}
