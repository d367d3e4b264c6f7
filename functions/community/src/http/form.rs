use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use shared::extract::Query;
use shared::lang;
use shared::{ApiError, Problem};

use super::{no_store, CommunityState, ConsentInfo, LangParam, SignupForm, FORM_PURPOSE};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::interests;
use crate::domain::signup::{FIRST_NAME_MAX, HONEYPOT_FIELD};

/// The signup form: interests with labels, the consent text and version, and a fresh form token.
#[utoipa::path(
    get,
    path = "/v1/community/form",
    tag = "community",
    params(LangParam, shared::caching::ConditionalHeaders),
    responses(
        (status = 200, description = "The form, in the negotiated language. Never cached: the token is fresh.",
            body = SignupForm, headers(("Content-Language" = String), ("Cache-Control" = String))),
        (status = 400, description = "Unsupported `lang`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn get_form(
    State(state): State<CommunityState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let form = SignupForm {
        lang,
        interests: interests::labelled(lang),
        consent: ConsentInfo {
            version: CONSENT_VERSION,
            text: consent::text(lang),
        },
        first_name_max: FIRST_NAME_MAX,
        honeypot_field: HONEYPOT_FIELD,
        form_token: state.form_tokens.issue(FORM_PURPOSE, state.clock.now()),
        form_token_min_seconds: state.form_tokens.min_age.as_secs(),
        form_token_max_seconds: state.form_tokens.max_age.as_secs(),
    };
    let mut response = no_store(StatusCode::OK, form);
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    Ok(response)
}
