//! Responses that many routes give alike, declared once for the OpenAPI document and referenced
//! from each route's `utoipa::path` as `(status = 503, response = Unavailable)`. One wording for
//! the frontend developer, one place to change it. Route-specific answers (which field a 400
//! names, what a 404 means) stay with the route.
//!
//! Each type here must also be listed in the document's `components(responses(...))`
//! ([`all`] is the list the document registers; the OpenAPI test checks every reference resolves).
//! The types are descriptions only: no handler builds one, hence their fields are never read.
//!
//! An answer that several routes of one function give alike, in the same words, is declared once
//! in that function with [`problems!`](crate::problems), inline in each route as before.
#![allow(dead_code)]

use std::collections::BTreeMap;

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::{ToResponse, ToSchema};

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

/// The problem answers `problems!` declares, keyed by status as `utoipa` keys a route's answers.
pub fn problem_answers(answers: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    answers
        .iter()
        .map(|&(status, description)| {
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(Problem::name())))
                .build();
            let response = ResponseBuilder::new()
                .description(description)
                .content("application/problem+json", content)
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}

/// Declares problem answers (`application/problem+json`, the `Problem` schema) as a type for a
/// route's `utoipa::path` `responses(...)`, e.g.
/// `shared::problems!(BodyOver8Kb { 413 => "The body is over 8 KB." });` then
/// `responses(..., BodyOver8Kb, ...)`.
#[macro_export]
macro_rules! problems {
    ($(#[$meta:meta])* $name:ident { $($status:literal => $description:expr),+ $(,)? }) => {
        $(#[$meta])*
        pub(crate) struct $name;

        impl ::utoipa::IntoResponses for $name {
            fn responses() -> ::std::collections::BTreeMap<
                String,
                ::utoipa::openapi::RefOr<::utoipa::openapi::Response>,
            > {
                $crate::http::responses::problem_answers(&[$(($status, $description)),+])
            }
        }
    };
}
