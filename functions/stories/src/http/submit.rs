//! Submitting a story through the guarded-POST pipeline.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use shared::forms::idempotency::{IdempotencyKey, Outcome};
use shared::forms::pipeline::{request_fingerprint, respond, Submission};
use shared::http::member::MemberId;
use shared::secret::SecretKey;
use shared::{ApiError, Problem};

use super::answers::BodyOver64Kb;
use super::{metric, SubmissionAccepted, SubmissionInput, SubmitState};
use crate::app;
use crate::domain::submission::validate;
use crate::domain::withdrawal;
use shared::forms::openapi::{GuardedPostAnswers, IdempotencyKeyHeader};

/// Submits a story for moderation.
#[utoipa::path(
    post,
    path = "/v1/stories",
    tag = "stories",
    request_body(content = SubmissionInput, content_type = "application/json"),
    params(IdempotencyKeyHeader),
    responses(
        (status = 202, description = "Accepted for moderation. The withdrawal token is shown only here. A story \
            no moderator decides on within 90 days is deleted unread.",
            body = SubmissionAccepted),
        (status = 400, description = "A field is invalid (each is named in `errors`), the form token is too \
            fresh, too old or forged, the honeypot was filled in, or the CAPTCHA failed.",
            body = Problem, content_type = "application/problem+json"),
        BodyOver64Kb,
        GuardedPostAnswers,
    )
)]
pub(super) async fn submit_story(
    State(state): State<SubmitState>,
    submission: Submission,
) -> Result<Response, ApiError> {
    accept(state, submission, None).await
}

/// A submission through the guards, stored as `owner`'s when a member sent it.
pub(super) async fn accept(
    state: SubmitState,
    submission: Submission,
    owner: Option<MemberId>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let (id, keyed) = story_id(&state.withdrawal_key, &submission, owner.as_ref())?;
    // A keyed retry whose story is stored answers from it, whatever became of the idempotency
    // record (lapsed, or never completed because the store failed in between): the guards
    // (form token, rate limit) already let the first attempt through.
    if keyed && state.stored.get(&id, now).await?.is_some() {
        let outcome = Outcome {
            status: StatusCode::ACCEPTED,
            body: serde_json::Value::Null,
            replayed: true,
        };
        return Ok(respond(&outcome, accepted(&state.withdrawal_key, id)));
    }
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
                id,
                owner,
            )
            .await?;
            if submitted.fresh {
                state.metrics.count(metric::SUBMITTED);
                if submitted.held {
                    state.metrics.count(metric::HELD);
                }
            }
            // The token is not part of the stored answer: it is derived again for a replay.
            Ok((
                StatusCode::ACCEPTED,
                serde_json::json!({"id": submitted.id, "status": "pending"}),
            ))
        })
        .await?;
    let id = outcome.body["id"].as_str().unwrap_or_default().to_owned();
    Ok(respond(&outcome, accepted(&state.withdrawal_key, id)))
}

fn accepted(withdrawal_key: &SecretKey, id: String) -> SubmissionAccepted {
    SubmissionAccepted {
        withdrawal_token: withdrawal::token_for(withdrawal_key, &id),
        id,
        status: "pending",
    }
}

/// The new story's id: random, or with an `Idempotency-Key` derived from the key and the
/// request (keyed with the withdrawal key, so not guessable), so that however often a
/// submission is retried, after whatever failure, it is stored once and answered the same.
/// A member's key is theirs alone: the owner is part of the derivation.
fn story_id(
    key: &SecretKey,
    submission: &Submission,
    owner: Option<&MemberId>,
) -> Result<(String, bool), ApiError> {
    let Some(idempotency_key) = IdempotencyKey::from_headers(&submission.headers)? else {
        return Ok((uuid::Uuid::now_v7().to_string(), false));
    };
    let request = request_fingerprint(&submission.payload);
    let mut parts: Vec<&[u8]> = vec![
        b"story-id",
        idempotency_key.as_str().as_bytes(),
        request.as_bytes(),
    ];
    // Only for members, so that anonymous keys keep the ids they had.
    parts.extend(owner.map(|owner| owner.as_str().as_bytes()));
    let digest = key.hmac(&parts);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    let id = uuid::Builder::from_custom_bytes(bytes).into_uuid();
    Ok((id.to_string(), true))
}
