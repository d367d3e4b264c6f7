//! Responses that many routes give alike, declared once for the OpenAPI document and referenced
//! from each route's `utoipa::path` as `(status = 503, response = Unavailable)`. One wording for
//! the frontend developer, one place to change it. Route-specific answers (which field a 400
//! names, what a 404 means) stay with the route.
//!
//! Each type here must also be listed in the document's `components(responses(...))`
//! ([`all`] is the list the document registers; the OpenAPI test checks every reference resolves).
//! The types are descriptions only: no handler builds one, hence their fields are never read.
#![allow(dead_code)]

use utoipa::openapi::{RefOr, Response};
use utoipa::ToResponse;

use super::problem::Problem;

/// The client's copy (`If-None-Match`) is current; the body is empty.
#[derive(ToResponse)]
#[response(description = "The client's copy (`If-None-Match`) is current.")]
pub struct NotModified;

/// A dependency (the store, or the request's time budget) failed; nothing was changed.
#[derive(ToResponse)]
#[response(
    description = "Temporarily unavailable: the store did not answer in time, or the record kept \
        changing under concurrent requests. Nothing was stored or sent; retry after `Retry-After` seconds.",
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before retrying."))
)]
pub struct Unavailable(Problem);

/// The caller's network sent too many requests of this kind.
#[derive(ToResponse)]
#[response(
    description = "Too many requests from this network; retry after `Retry-After` seconds.",
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds until the limit resets."))
)]
pub struct TooManyRequests(Problem);

/// Another request with the same Idempotency-Key has not finished yet.
#[derive(ToResponse)]
#[response(
    description = "A request with this Idempotency-Key is still being processed; retry shortly.",
    content_type = "application/problem+json"
)]
pub struct IdempotencyInFlight(Problem);

/// The Idempotency-Key was first used with another body.
#[derive(ToResponse)]
#[response(
    description = "This Idempotency-Key was used with another body.",
    content_type = "application/problem+json"
)]
pub struct IdempotencyMismatch(Problem);

/// The body is not `application/json`.
#[derive(ToResponse)]
#[response(
    description = "The body is not JSON (`Content-Type: application/json`).",
    content_type = "application/problem+json"
)]
pub struct NotJson(Problem);

/// No moderator token, or one that is expired, forged or for another audience.
#[derive(ToResponse)]
#[response(
    description = "No valid moderator token.",
    content_type = "application/problem+json"
)]
pub struct NoModeratorToken(Problem);

/// A valid token of someone outside the `moderators` group.
#[derive(ToResponse)]
#[response(
    description = "Not in the `moderators` group.",
    content_type = "application/problem+json"
)]
pub struct NotModerator(Problem);

/// No members-pool ID token for the site, or one that is expired or forged.
#[derive(ToResponse)]
#[response(
    description = "Not signed in: no valid member token (a members-pool ID token for this site).",
    content_type = "application/problem+json"
)]
pub struct NoMemberToken(Problem);

/// Every shared response, named as the document's `components.responses` names them.
pub fn all() -> Vec<(String, RefOr<Response>)> {
    vec![
        NotModified::response(),
        Unavailable::response(),
        TooManyRequests::response(),
        IdempotencyInFlight::response(),
        IdempotencyMismatch::response(),
        NotJson::response(),
        NoModeratorToken::response(),
        NotModerator::response(),
        NoMemberToken::response(),
    ]
    .into_iter()
    .map(|(name, response)| (name.to_owned(), response))
    .collect()
}
