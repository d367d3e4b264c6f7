//! The signup form, with everything a frontend needs to render it truthfully.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use shared::http::extract::Query;
use shared::http::lang::LangParam;
use shared::{ApiError, Problem};

use super::{ConsentInfo, FormState, SignupForm};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::interests;
use crate::domain::signup::FIRST_NAME_MAX;
use shared::forms::guard::HONEYPOT_FIELD;
use shared::http::responses::Unavailable;

/// The signup form: interests with labels, the consent text and version, and a fresh form token.
#[utoipa::path(
    get,
    // Unique across the API: generated clients name their operations by it.
    operation_id = "get_signup_form",
    path = "/v1/community/form",
    tag = "community",
    params(LangParam, shared::http::caching::ConditionalHeaders),
    responses(
        (status = 200, description = "The form, in the negotiated language. Never cached: the token is fresh.",
            body = SignupForm, headers(("Content-Language" = String), ("Cache-Control" = String))),
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
        .serve_form(&params, &headers, now, |lang, issued| SignupForm {
            lang,
            interests: interests::labelled(lang),
            consent: ConsentInfo {
                version: CONSENT_VERSION,
                text: consent::text(lang),
            },
            first_name_max: FIRST_NAME_MAX,
            honeypot_field: HONEYPOT_FIELD,
            form_token: issued.token,
            form_token_min_seconds: issued.min_seconds,
            form_token_max_seconds: issued.max_seconds,
            captcha: state.captcha.clone(),
        })
}
