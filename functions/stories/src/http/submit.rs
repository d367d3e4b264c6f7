use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::Value;
use shared::forms::pipeline::{respond, GuardedFields, Submission};
use shared::http::client_address::ClientAddress;
use shared::http::extract::Json;
use shared::{ApiError, Problem};

use super::{metric, StoriesState, SubmissionAccepted};
use crate::domain::screening::screen;
use crate::domain::story::{AuditAction, AuditEntry, Revision, StoryRecord, StoryStatus};
use crate::domain::submission::{validate, SubmissionInput, ValidSubmission};
use crate::domain::withdrawal;

/// Submits a story for moderation.
#[utoipa::path(
    post,
    path = "/v1/stories",
    tag = "stories",
    request_body(content = SubmissionInput, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Makes retries safe: the same key and body get the same answer for 24 hours.")),
    responses(
        (status = 202, description = "Accepted for moderation. The withdrawal token is shown only here.",
            body = SubmissionAccepted),
        (status = 400, description = "A field is invalid (each is named in `errors`), the form token is too \
            fresh, too old or forged, the honeypot was filled in, or the CAPTCHA failed.",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still being processed.",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "This Idempotency-Key was used with another body.",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many submissions from this network; see `Retry-After`.",
            body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
    )
)]
pub(super) async fn submit_story(
    State(state): State<StoriesState>,
    client: ClientAddress,
    headers: HeaderMap,
    Json(payload): Json<Value>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let submission = Submission {
        headers,
        payload,
        client,
        now,
    };
    let validate = |input: &SubmissionInput| validate(input, now).map_err(ApiError::invalid);
    let state = &state;
    let outcome = state
        .form
        .submit(submission, validate, |valid| async move {
            let id = create_story(state, valid, now).await?;
            // The token is not part of the stored answer: it is derived again for a replay.
            Ok((
                StatusCode::ACCEPTED,
                serde_json::json!({"id": id, "status": "pending"}),
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

impl GuardedFields for SubmissionInput {
    fn honeypot(&self) -> Option<&str> {
        self.website.as_deref()
    }

    fn form_token(&self) -> &str {
        &self.form_token
    }

    fn captcha_token(&self) -> Option<&str> {
        self.captcha_token.as_deref()
    }
}

/// Screens a valid submission, stores it with its first audit entry and counts it.
async fn create_story(
    state: &StoriesState,
    valid: ValidSubmission,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let mut screened = vec![valid.title.as_str(), valid.body.as_str()];
    screened.extend(valid.profile.display_name.as_deref());
    let flags = screen(&screened);
    let id = uuid::Uuid::now_v7().to_string();
    let status = if flags.is_empty() {
        StoryStatus::Pending
    } else {
        StoryStatus::Held
    };
    let story = StoryRecord {
        id: id.clone(),
        status,
        version: 1,
        lang: valid.lang,
        profile: Some(valid.profile),
        revisions: vec![Revision {
            number: 1,
            title: valid.title,
            body: valid.body,
            author: "submitter".to_owned(),
            created_at: now,
        }],
        consents: valid.consents,
        flags,
        withdrawal_token_sha256: withdrawal::token_hash(&withdrawal::token_for(
            &state.withdrawal_key,
            &id,
        )),
        created_at: now,
        updated_at: now,
        published_at: None,
        expires_at: None,
    };
    let audit = AuditEntry {
        story_id: id.clone(),
        at: now,
        actor: "submitter".to_owned(),
        action: AuditAction::Submitted,
        from: None,
        to: status,
        reason: None,
        revision: Some(1),
        version: 1,
    };
    state.stories.create(&story, &audit).await?;
    state.metrics.count(metric::SUBMITTED);
    if status == StoryStatus::Held {
        state.metrics.count(metric::HELD);
    }
    Ok(id)
}
