use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use shared::http::claims::Moderator;
use shared::http::extract::{Json, Path, Query};
use shared::http::pagination::{self, Cursor};
use shared::http::problem::FieldLocation;
use shared::{ApiError, Problem};
use utoipa::IntoParams;

use super::public::valid_id;
use super::{metric, ModeratedStory, ModerationQueue, QueuedStory, StoriesState};
use crate::domain::decision::{decide as apply_decision, DecisionError, DecisionInput};
use crate::domain::story::{StoryRecord, StoryStatus};
use crate::store::Replace;
use shared::http::caching::no_store;

const DEFAULT_PAGE: u32 = 25;
const MAX_PAGE: u32 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct QueueParams {
    /// `pending` (default), `held`, `approved`, `rejected` or `withdrawn`.
    #[param(value_type = Option<StoryStatus>)]
    status: Option<String>,
    /// Stories per page, 1 to 100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` from the previous page.
    cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct IdParam {
    /// The story's id.
    id: String,
}

/// A moderation queue: stories in one status, oldest first.
#[utoipa::path(
    get,
    path = "/v1/moderation/stories",
    tag = "moderation",
    params(QueueParams),
    security(("moderator_jwt" = [])),
    responses(
        (status = 200, description = "A page of the queue.", body = ModerationQueue),
        (status = 400, description = "Unknown `status`, `limit` out of range, or a bad `cursor`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid moderator token.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not in the `moderators` group.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn list_queue(
    State(state): State<StoriesState>,
    _moderator: Moderator,
    Query(params): Query<QueueParams>,
) -> Result<Response, ApiError> {
    let status = match params.status.as_deref() {
        None => StoryStatus::Pending,
        Some(code) => StoryStatus::from_code(code).ok_or_else(|| {
            let codes: Vec<&str> = StoryStatus::ALL
                .iter()
                .map(|status| status.code())
                .collect();
            ApiError::unsupported_value(FieldLocation::Query, "status", code, &codes)
        })?,
    };
    let limit = pagination::limit(params.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let cursor = params.cursor.as_deref().map(Cursor::decode).transpose()?;
    let page = state
        .stories
        .by_status(status, limit, cursor.as_ref(), state.clock.now())
        .await?;
    Ok(no_store(
        StatusCode::OK,
        ModerationQueue {
            status,
            stories: page.items.into_iter().map(QueuedStory::from).collect(),
            next_cursor: page.next.map(|cursor| cursor.encode()),
        },
    ))
}

/// Everything about one story, including its contact email and audit trail.
#[utoipa::path(
    get,
    path = "/v1/moderation/stories/{id}",
    tag = "moderation",
    params(IdParam),
    security(("moderator_jwt" = [])),
    responses(
        (status = 200, description = "The story.", body = ModeratedStory),
        (status = 401, description = "No valid moderator token.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not in the `moderators` group.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No story has this id.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn get_for_moderation(
    State(state): State<StoriesState>,
    _moderator: Moderator,
    Path(IdParam { id }): Path<IdParam>,
) -> Result<Response, ApiError> {
    let story = load(&state, &id).await?;
    let audit = state.stories.audit_trail(&id).await?;
    Ok(no_store(StatusCode::OK, ModeratedStory::of(story, audit)))
}

/// Approves or rejects a story, optionally with edits kept as a new revision.
#[utoipa::path(
    post,
    path = "/v1/moderation/stories/{id}/decisions",
    tag = "moderation",
    params(IdParam),
    request_body(content = DecisionInput, content_type = "application/json"),
    security(("moderator_jwt" = [])),
    responses(
        (status = 200, description = "The story after the decision.", body = ModeratedStory),
        (status = 400, description = "A field is invalid; each is named in `errors`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "No valid moderator token.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not in the `moderators` group.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No story has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The story changed since `version`, or its state does not allow this.",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn decide(
    State(state): State<StoriesState>,
    Moderator(moderator): Moderator,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<DecisionInput>,
) -> Result<Response, ApiError> {
    let story = load(&state, &id).await?;
    let now = state.clock.now();
    let (decided, audit) = apply_decision(&story, &input, &moderator.subject, now, state.retention)
        .map_err(|error| match error {
            DecisionError::Stale { current } => stale(current),
            DecisionError::NotAllowed(why) => ApiError::conflict("decision-not-allowed", why),
            DecisionError::Invalid(errors) => ApiError::invalid(errors),
        })?;
    if state
        .stories
        .replace(&decided, story.version, &audit)
        .await?
        == Replace::Stale
    {
        return Err(stale(story.version + 1));
    }
    state.metrics.count(match decided.status {
        StoryStatus::Approved => metric::APPROVED,
        _ => metric::REJECTED,
    });
    let trail = state.stories.audit_trail(&id).await?;
    Ok(no_store(StatusCode::OK, ModeratedStory::of(decided, trail)))
}

async fn load(state: &StoriesState, id: &str) -> Result<StoryRecord, ApiError> {
    let story = match valid_id(id) {
        true => state.stories.get(id, state.clock.now()).await?,
        false => None,
    };
    story.ok_or_else(|| ApiError::not_found("No story has this id."))
}

fn stale(current: u32) -> ApiError {
    ApiError::conflict(
        "stale-version",
        format!("The story has changed since you loaded it (it is now at version {current} or later); reload it and decide again."),
    )
}
