use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use shared::client::ClientAddress;
use shared::extract::{from_json_value, Json};
use shared::idempotency::IdempotencyKey;
use shared::{ApiError, Problem};

use super::{metric, StoriesState, SubmissionAccepted, FORM_PURPOSE};
use crate::domain::screening::screen;
use crate::domain::story::{AuditAction, AuditEntry, Revision, StoryRecord, StoryStatus};
use crate::domain::submission::{validate, SubmissionInput};
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
    let key = IdempotencyKey::from_headers(&headers)?;
    let input: SubmissionInput = from_json_value(payload.clone())?;
    let now = state.clock.now();
    let work = async {
        state.guard.check_honeypot(input.website.as_deref())?;
        let valid = validate(&input, now).map_err(ApiError::invalid)?;
        state.guard.check_token(&input.form_token, now)?;
        state
            .captcha
            .verify(input.captcha_token.as_deref(), "captcha_token")
            .await?;
        if let Err(limited) = state.guard.check_rate(&client, now).await {
            state.metrics.count(metric::RATE_LIMITED);
            return Err(limited);
        }
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
        // The token is not part of the stored answer: it is derived again for a replay.
        Ok((
            StatusCode::ACCEPTED,
            serde_json::json!({"id": id, "status": "pending"}),
        ))
    };
    let outcome = state
        .idempotency
        .run(FORM_PURPOSE, key, &payload, now, work)
        .await?;
    let id = outcome.body["id"].as_str().unwrap_or_default().to_owned();
    let accepted = SubmissionAccepted {
        withdrawal_token: withdrawal::token_for(&state.withdrawal_key, &id),
        id,
        status: "pending",
    };
    let replayed = outcome.replayed;
    let mut response = shared::caching::no_store(outcome.status, accepted);
    if replayed {
        response.headers_mut().insert(
            shared::idempotency::IDEMPOTENT_REPLAYED,
            axum::http::HeaderValue::from_static("true"),
        );
    }
    Ok(response.into_response())
}
