//! The moderators' routes: queues, one story with its audit trail, decisions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use shared::http::caching::no_store;
use shared::http::claims::Moderator;
use shared::http::extract::{Json, Path, Query};
use shared::http::pagination;
use shared::http::problem::FieldLocation;
use shared::{ApiError, Problem};

use super::answers::{BodyOver64Kb, NotAStoryId};
use super::params::{DecisionInput, IdParam, QueueParams, QueuedAfter};
use super::{
    metric, ChangeState, ListState, ModeratedStory, ModerationQueue, QueuedStory, ReadState,
};
use crate::app;
use crate::domain::story::StoryStatus;
use crate::store::PageRequest;
use shared::http::responses::{NoModeratorToken, NotJson, NotModerator, Unavailable};

const DEFAULT_PAGE: u32 = 25;
const MAX_PAGE: u32 = 100;

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
        (status = 401, response = NoModeratorToken),
        (status = 403, response = NotModerator),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn list_queue(
    State(state): State<ListState>,
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
    let after = pagination::cursor::<QueuedAfter>(params.cursor.as_deref())?.map(|a| a.0);
    let now = state.clock.now();
    let request = PageRequest {
        limit,
        after: after.as_ref(),
        now,
    };
    let page = app::queue(state.stories.as_ref(), status, request).await?;
    Ok(no_store(
        StatusCode::OK,
        ModerationQueue {
            status: status.into(),
            stories: page.items.into_iter().map(QueuedStory::from).collect(),
            next_cursor: page
                .next
                .map(|at| pagination::next_cursor(&QueuedAfter(at))),
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
        (status = 401, response = NoModeratorToken),
        (status = 403, response = NotModerator),
        NotAStoryId,
        (status = 404, description = "No story has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_for_moderation(
    State(state): State<ReadState>,
    _moderator: Moderator,
    Path(IdParam { id }): Path<IdParam>,
) -> Result<Response, ApiError> {
    let (story, audit) =
        app::moderation_view(state.stories.as_ref(), &id, state.clock.now()).await?;
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
        (status = 401, response = NoModeratorToken),
        (status = 403, response = NotModerator),
        (status = 404, description = "No story has this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The story changed since `version`, or its state does not allow this.",
            body = Problem, content_type = "application/problem+json"),
        BodyOver64Kb,
        (status = 415, response = NotJson),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn decide(
    State(state): State<ChangeState>,
    Moderator(moderator): Moderator,
    Path(IdParam { id }): Path<IdParam>,
    Json(input): Json<DecisionInput>,
) -> Result<Response, ApiError> {
    let (reader, writer) = (state.reader.as_ref(), state.writer.as_ref());
    let now = state.clock.now();
    let proposal = input.into();
    let (decided, trail) = app::decide(
        reader,
        writer,
        &id,
        &proposal,
        &moderator.subject,
        now,
        state.retention,
    )
    .await?;
    state.metrics.count(match decided.status {
        StoryStatus::Approved => metric::APPROVED,
        _ => metric::REJECTED,
    });
    Ok(no_store(StatusCode::OK, ModeratedStory::of(decided, trail)))
}
