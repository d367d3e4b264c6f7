//! Submitting a story through the guarded-POST pipeline.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use shared::forms::pipeline::{respond, Submission};
use shared::{ApiError, Problem};

use super::{metric, SubmissionAccepted, SubmissionInput, SubmitState};
use crate::app;
use crate::domain::submission::validate;
use crate::domain::withdrawal;
use shared::http::responses::{
    IdempotencyInFlight, IdempotencyMismatch, NotJson, TooManyRequests, Unavailable,
};

/// Submits a story for moderation.
#[utoipa::path(
    post,
    path = "/v1/stories",
    tag = "stories",
    request_body(content = SubmissionInput, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Makes retries safe: the same key and body get the same answer for 24 hours.")),
    responses(
        (status = 202, description = "Accepted for moderation. The withdrawal token is shown only here. A story \
            no moderator decides on within 90 days is deleted unread.",
            body = SubmissionAccepted),
        (status = 400, description = "A field is invalid (each is named in `errors`), the form token is too \
            fresh, too old or forged, the honeypot was filled in, or the CAPTCHA failed.",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, response = IdempotencyInFlight),
        (status = 413, description = "The body is over 64 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = NotJson),
        (status = 422, response = IdempotencyMismatch),
        (status = 429, response = TooManyRequests),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn submit_story(
    State(state): State<SubmitState>,
    submission: Submission,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let validate = |input: &SubmissionInput| Ok(validate(&input.draft(), now)?);
    let state = &state;
    let outcome = state
        .form
        .submit(submission, now, validate, |valid| async move {
            let submitted = app::submit_story(
                state.stories.as_ref(),
                &state.withdrawal_key,
                valid,
                now,
                state.unreviewed_retention,
            )
            .await?;
            state.metrics.count(metric::SUBMITTED);
            if submitted.held {
                state.metrics.count(metric::HELD);
            }
            // The token is not part of the stored answer: it is derived again for a replay.
            Ok((
                StatusCode::ACCEPTED,
                serde_json::json!({"id": submitted.id, "status": "pending"}),
            ))
        })
        .await?;
    let id = outcome.body["id"].as_str().unwrap_or_default().to_owned();
    let accepted = SubmissionAccepted {
        withdrawal_token: withdrawal::token_for(&state.withdrawal_key, &id),
        id,
        status: "pending",
    };
    Ok(respond(&outcome, accepted))
}
