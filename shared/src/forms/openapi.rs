//! What the OpenAPI document says alike of every guarded form POST (`FormPipeline::submit`):
//! the optional `Idempotency-Key` header and the pipeline's own answers, referenced from each
//! route's `utoipa::path` as `params(IdempotencyKeyHeader)` and `responses(..., GuardedPostAnswers)`.
//! The body-size limit (413) and what a 400 names stay with the route.
#![allow(dead_code)]

use std::collections::BTreeMap;

use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::{IntoParams, IntoResponses};

/// The header, read by `IdempotencyKey::from_headers`; described here only.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKeyHeader {
    /// Makes retries safe: the same key and body get the same answer for 24 hours.
    #[param(rename = "Idempotency-Key")]
    idempotency_key: Option<String>,
}

/// Not JSON (415), a key reused with another body (422), the rate limit (429), a failed
/// dependency (503): the shared responses of `crate::http::responses`, by reference.
pub struct GuardedPostAnswers;

impl IntoResponses for GuardedPostAnswers {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [
            ("415", "NotJson"),
            ("422", "IdempotencyMismatch"),
            ("429", "TooManyRequests"),
            ("503", "Unavailable"),
        ]
        .into_iter()
        .map(|(status, name)| (status.to_owned(), RefOr::Ref(Ref::from_response_name(name))))
        .collect()
    }
}
