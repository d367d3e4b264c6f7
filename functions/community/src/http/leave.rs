//! Confirming, unsubscribing and erasing: each with a token from an email.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use shared::http::extract::{Json, Query};
use shared::http::problem::FieldLocation;
use shared::{ApiError, Problem};
use utoipa::{IntoParams, ToSchema};

use super::{metric, CommunityState, MembershipChanged, WRITE_ATTEMPTS};
use crate::domain::member::{self, Change};
use crate::domain::tokens::MemberToken;
use crate::store::Write;
use shared::http::caching::no_store;

/// A token from an email link.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenInput {
    #[schema(min_length = 86, max_length = 86)]
    pub token: String,
}

/// The body mail clients send for one-click unsubscribe (RFC 8058). It is accepted whatever it
/// holds: the token in the URL is what counts. Here to document the request.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct OneClickUnsubscribe {
    /// `One-Click`.
    #[schema(rename = "List-Unsubscribe", example = "One-Click")]
    pub list_unsubscribe: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TokenQuery {
    /// The token from the `List-Unsubscribe` URL; or send `{"token": …}` as JSON.
    token: Option<String>,
}

fn invalid_token(message: &str) -> ApiError {
    ApiError::invalid_field(FieldLocation::Body, "token", message)
}

/// A manage token (unsubscribe, erasure) made by this API.
fn manage_token(state: &CommunityState, token: &str) -> Result<MemberToken, ApiError> {
    MemberToken::parse(token)
        .filter(|token| token.is_manage_token(&state.manage_token_key))
        .ok_or_else(|| invalid_token("is not a link from one of our emails"))
}

/// Applies `decide` to the current record until it is stored or nothing is left to change.
async fn apply(
    state: &CommunityState,
    email_hash: &str,
    decide: impl Fn(Option<&member::MemberRecord>) -> Result<Option<Change>, ApiError>,
) -> Result<bool, ApiError> {
    for _ in 0..WRITE_ATTEMPTS {
        let existing = state.members.get(email_hash, state.clock.now()).await?;
        let Some(change) = decide(existing.as_ref())? else {
            return Ok(false);
        };
        if state
            .store(&change, existing.as_ref().map(|record| record.version))
            .await?
            == Write::Done
        {
            return Ok(true);
        }
        super::back_off().await;
    }
    Err(ApiError::conflict(
        "busy",
        "The subscription is changing right now; please try again.",
    ))
}

/// Confirms a signup with the token from the confirmation email (double opt-in). A GET never
/// changes anything, since mail scanners follow links: the frontend page posts the token here.
#[utoipa::path(
    post,
    path = "/v1/community/confirmations",
    tag = "community",
    request_body(content = TokenInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Confirmed.", body = MembershipChanged),
        (status = 400, description = "The token is malformed, already used or expired.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The subscription is changing right now; retry.", body = Problem,
            content_type = "application/problem+json"),
        (status = 413, description = "The body is over 8 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn confirm(
    State(state): State<CommunityState>,
    Json(input): Json<TokenInput>,
) -> Result<Response, ApiError> {
    let expired = "is invalid, already used or expired; sign up again to get a new link";
    let token = MemberToken::parse(&input.token).ok_or_else(|| invalid_token(expired))?;
    let secret = token.secret_sha256();
    let now = state.clock.now();
    apply(&state, &token.email_hash, |existing| {
        let record = existing.ok_or_else(|| invalid_token(expired))?;
        member::confirm(record, &secret, now)
            .map(Some)
            .map_err(|_| invalid_token(expired))
    })
    .await?;
    state.metrics.count(metric::CONFIRMED);
    Ok(no_store(
        StatusCode::OK,
        MembershipChanged {
            status: "confirmed",
        },
    ))
}

/// Unsubscribes: the one-click POST of RFC 8058 from a mail client (`?token=` with the body
/// `List-Unsubscribe=One-Click`), or the frontend's JSON `{"token": …}`.
#[utoipa::path(
    post,
    path = "/v1/community/unsubscribe",
    tag = "community",
    params(TokenQuery),
    request_body(content(
        (OneClickUnsubscribe = "application/x-www-form-urlencoded"),
        (TokenInput = "application/json"),
    )),
    responses(
        (status = 200, description = "Unsubscribed (also when it already was).", body = MembershipChanged),
        (status = 400, description = "No token, or not one of ours.", body = Problem,
            content_type = "application/problem+json"),
        (status = 413, description = "The body is over 8 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The subscription is changing right now; retry.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
pub(super) async fn unsubscribe(
    State(state): State<CommunityState>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    #[derive(Deserialize)]
    struct MaybeToken {
        token: Option<String>,
    }
    // Mail clients send a form body that says nothing more than `One-Click`: only JSON is read.
    let from_body = match is_json && !body.is_empty() {
        true => shared::http::extract::parse_json::<MaybeToken>(&body)?.token,
        false => None,
    };
    let token = query
        .token
        .or(from_body)
        .ok_or_else(|| ApiError::invalid_field(FieldLocation::Query, "token", "is required"))?;
    let token = manage_token(&state, &token)?;
    let now = state.clock.now();
    let changed = apply(&state, &token.email_hash, |existing| {
        Ok(existing.and_then(|record| member::unsubscribe(record, now)))
    })
    .await?;
    if changed {
        state.metrics.count(metric::UNSUBSCRIBED);
    }
    Ok(no_store(
        StatusCode::OK,
        MembershipChanged {
            status: "unsubscribed",
        },
    ))
}

/// Erases the address's personal data, keeping only a keyed hash so that it is not mailed
/// again by mistake. The token is the one in every email's manage link.
#[utoipa::path(
    post,
    path = "/v1/community/erasure",
    tag = "community",
    request_body(content = TokenInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Erased (also when it already was).", body = MembershipChanged),
        (status = 400, description = "The token is not one of ours.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The subscription is changing right now; retry.", body = Problem,
            content_type = "application/problem+json"),
        (status = 413, description = "The body is over 8 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn erase(
    State(state): State<CommunityState>,
    Json(input): Json<TokenInput>,
) -> Result<Response, ApiError> {
    let token = manage_token(&state, &input.token)?;
    let now = state.clock.now();
    let changed = apply(&state, &token.email_hash, |existing| {
        Ok(member::erase(existing, &token.email_hash, now))
    })
    .await?;
    if changed {
        state.metrics.count(metric::ERASED);
    }
    Ok(no_store(
        StatusCode::OK,
        MembershipChanged { status: "erased" },
    ))
}
