//! Confirming, unsubscribing and erasing: each with a token from an email.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use shared::http::caching::no_store;
use shared::http::extract::{Json, Query};
use shared::http::problem::FieldLocation;
use shared::{ApiError, Problem};

use super::answers::{BodyOver8Kb, SubscriptionChanging};
use super::params::{ConfirmationInput, OneClickUnsubscribe, TokenInput, TokenQuery};
use super::{metric, MembershipChanged, TokenState};
use crate::app::{self, Erasure};
use shared::http::responses::{NotJson, Unavailable};

/// Confirms a signup with the token from the confirmation email (double opt-in). A GET never
/// changes anything, since mail scanners follow links: the frontend page posts the token here.
///
/// The token carries the signup sealed (the address is stored only once confirmed); it works
/// for 7 days, confirming again is harmless, and it re-subscribes an address that left before
/// it was mailed, never one that left after.
#[utoipa::path(
    post,
    path = "/v1/community/confirmations",
    tag = "community",
    request_body(content = ConfirmationInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Confirmed (also when it already was).", body = MembershipChanged),
        (status = 400, description = "The token is malformed, not ours, changed or expired, or the \
            address left after it was mailed.", body = Problem,
            content_type = "application/problem+json"),
        SubscriptionChanging,
        BodyOver8Kb,
        (status = 415, response = NotJson),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn confirm(
    State(state): State<TokenState>,
    Json(input): Json<ConfirmationInput>,
) -> Result<Response, ApiError> {
    let (reader, writer) = (state.members.reader.as_ref(), state.members.writer.as_ref());
    let (keys, hash_key) = (&state.token_keys, &state.email_hash_key);
    let now = state.clock.now();
    if app::confirm(reader, writer, keys, hash_key, &input.token, now).await? {
        state.metrics.count(metric::CONFIRMED);
    }
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
        BodyOver8Kb,
        SubscriptionChanging,
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn unsubscribe(
    State(state): State<TokenState>,
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
    let (reader, writer) = (state.members.reader.as_ref(), state.members.writer.as_ref());
    let keys = &state.token_keys;
    let changed = app::unsubscribe(reader, writer, keys, &token, state.clock.now()).await?;
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
/// again by mistake. Only an erasure link's token (mailed on request, valid 24 hours) erases;
/// the token of any other link in our emails asks for one: a fresh erasure link goes to the
/// address, so that only its owner can erase.
#[utoipa::path(
    post,
    path = "/v1/community/erasure",
    tag = "community",
    request_body(content = TokenInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Erased (also when it already was): `status` is `erased`.",
            body = MembershipChanged),
        (status = 202, description = "The token cannot erase (an unsubscribe link's, or an expired erasure \
            link's): an erasure link was emailed to the address, if we still keep it. `status` is \
            `erasure_link_sent`.", body = MembershipChanged),
        (status = 400, description = "The token is not one of ours.", body = Problem,
            content_type = "application/problem+json"),
        SubscriptionChanging,
        BodyOver8Kb,
        (status = 415, response = NotJson),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn erase(
    State(state): State<TokenState>,
    Json(input): Json<TokenInput>,
) -> Result<Response, ApiError> {
    let (reader, writer) = (state.members.reader.as_ref(), state.members.writer.as_ref());
    let (notifier, keys, now) = (&state.notifier, &state.token_keys, state.clock.now());
    match app::erase(reader, writer, notifier, keys, &input.token, now).await? {
        Erasure::Erased(changed) => {
            if changed {
                state.metrics.count(metric::ERASED);
            }
            Ok(no_store(
                StatusCode::OK,
                MembershipChanged { status: "erased" },
            ))
        }
        Erasure::LinkSent => Ok(no_store(
            StatusCode::ACCEPTED,
            MembershipChanged {
                status: "erasure_link_sent",
            },
        )),
    }
}
