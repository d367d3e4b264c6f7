use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use shared::extract::Query;
use shared::lang;
use shared::{ApiError, Problem};

use super::{no_store, CaptchaInfo, LangParam, StoriesState, StoryForm, FORM_PURPOSE};
use crate::domain::catalog::{self, options};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::submission::{HONEYPOT_FIELD, LIMITS};

/// The story form: allow-lists with labels, consent texts, limits and a fresh form token.
#[utoipa::path(
    get,
    path = "/v1/stories/form",
    tag = "stories",
    params(LangParam, shared::caching::ConditionalHeaders),
    responses(
        (status = 200, description = "The form, in the negotiated language. Never cached: the token is fresh.",
            body = StoryForm, headers(("Content-Language" = String), ("Cache-Control" = String))),
        (status = 400, description = "Unsupported `lang`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn get_form(
    State(state): State<StoriesState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let form = StoryForm {
        lang,
        roles: options(catalog::ROLES, lang),
        cancer_types: options(catalog::CANCER_TYPES, lang),
        treatments: options(catalog::TREATMENTS, lang),
        age_ranges: options(catalog::AGE_RANGES, lang),
        consents: consent::texts(lang),
        consent_version: CONSENT_VERSION,
        limits: LIMITS,
        honeypot_field: HONEYPOT_FIELD,
        form_token: state.form_tokens.issue(FORM_PURPOSE, state.clock.now()),
        form_token_min_seconds: state.form_tokens.min_age.as_secs(),
        form_token_max_seconds: state.form_tokens.max_age.as_secs(),
        captcha: CaptchaInfo {
            provider: if state.captcha_site_key.is_some() {
                "turnstile"
            } else {
                "none"
            },
            site_key: state.captcha_site_key.clone(),
        },
    };
    let mut response = no_store(StatusCode::OK, form);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    Ok(response)
}
