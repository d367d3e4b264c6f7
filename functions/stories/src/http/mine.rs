//! A signed-in member's stories (`/v1/me/stories`): submitted as theirs, listed with their
//! status, withdrawn without a code. Every route takes the member from their verified token.

use super::answers::{BodyOver64Kb, NotAStoryId};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::forms::openapi::{GuardedPostAnswers, IdempotencyKeyHeader};
use shared::forms::pipeline::Submission;
use shared::http::caching::no_store;
use shared::http::extract::{Path, Query};
use shared::http::member::Member;
use shared::http::pagination;
use shared::http::responses::{NoMemberToken, Unavailable};
use shared::{ApiError, Problem};
use utoipa::{IntoParams, ToSchema};

use super::params::{IdParam, MineAfter};
use super::story_view::StoryStatus;
use super::{metric, MineState, SubmissionAccepted, SubmissionInput, SubmitState};
use crate::app;
use crate::domain::story::{self, StoryRecord};
use crate::store::PageRequest;

const DEFAULT_PAGE: u32 = 20;
const MAX_PAGE: u32 = 50;

/// One of my stories as I see it: no text once withdrawn, no moderator's notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyStory {
    pub id: String,
    /// The current title; `null` once withdrawn (the text is erased).
    pub title: Option<String>,
    pub status: StoryStatus,
    pub lang: shared::http::lang::Lang,
    pub submitted_at: DateTime<Utc>,
    /// When a moderator approved or rejected it, while it is approved or rejected.
    pub decided_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

impl From<StoryRecord> for MyStory {
    fn from(story: StoryRecord) -> Self {
        let decided = matches!(
            story.status,
            story::StoryStatus::Approved | story::StoryStatus::Rejected
        );
        Self {
            title: story.current().map(|revision| revision.title.clone()),
            status: story.status.into(),
            lang: story.lang,
            submitted_at: story.created_at,
            // A decision is the last change an approved or rejected story has had.
            decided_at: decided.then_some(story.updated_at),
            published_at: story.published_at,
            id: story.id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyStories {
    pub stories: Vec<MyStory>,
    /// Pass back as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct MineParams {
    /// Stories per page, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Submits a story as the signed-in member: the same body and answers as `POST /v1/stories`;
/// the story is listed under `GET /v1/me/stories`.
#[utoipa::path(
    post,
    path = "/v1/me/stories",
    tag = "members",
    security(("member_jwt" = [])),
    request_body(content = SubmissionInput, content_type = "application/json"),
    params(IdempotencyKeyHeader),
    responses(
        (status = 202, description = "Accepted for moderation, as the member's.", body = SubmissionAccepted),
        (status = 400, description = "A field is invalid (each is named in `errors`), or the form token, \
            honeypot or CAPTCHA failed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, response = NoMemberToken),
        BodyOver64Kb,
        GuardedPostAnswers,
    )
)]
pub(super) async fn submit_my_story(
    member: Member,
    State(state): State<SubmitState>,
    submission: Submission,
) -> Result<Response, ApiError> {
    super::submit::accept(state, submission, Some(member.id)).await
}

/// My stories, newest first, with their status.
#[utoipa::path(
    get,
    path = "/v1/me/stories",
    tag = "members",
    security(("member_jwt" = [])),
    params(MineParams),
    responses(
        (status = 200, description = "A page of my stories.", body = MyStories),
        (status = 400, description = "`limit` out of range or a bad `cursor`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, response = NoMemberToken),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn list_my_stories(
    member: Member,
    State(state): State<MineState>,
    Query(params): Query<MineParams>,
) -> Result<Response, ApiError> {
    let limit = pagination::limit(params.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let after = pagination::cursor::<MineAfter>(params.cursor.as_deref())?.map(|a| a.0);
    let request = PageRequest {
        limit,
        after: after.as_ref(),
        now: state.clock.now(),
    };
    let page = app::my_stories(state.owned.as_ref(), &member.id, request).await?;
    let stories = MyStories {
        stories: page.items.into_iter().map(MyStory::from).collect(),
        next_cursor: page.next.map(|at| pagination::next_cursor(&MineAfter(at))),
    };
    // A member's own data: never in a shared cache.
    Ok(no_store(StatusCode::OK, stories))
}

/// Withdraws one of my stories: unpublished, its personal data erased, as the withdrawal code
/// does.
#[utoipa::path(
    delete,
    path = "/v1/me/stories/{id}",
    tag = "members",
    security(("member_jwt" = [])),
    params(IdParam),
    responses(
        (status = 204, description = "Withdrawn (also when it already was)."),
        NotAStoryId,
        (status = 401, response = NoMemberToken),
        (status = 404, description = "None of my stories has this id.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The story kept changing meanwhile; retry.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn withdraw_my_story(
    member: Member,
    State(state): State<MineState>,
    Path(IdParam { id }): Path<IdParam>,
) -> Result<Response, ApiError> {
    let (reader, writer) = (state.reader.as_ref(), state.writer.as_ref());
    let now = state.clock.now();
    if app::withdraw_mine(reader, writer, &member.id, &id, now, state.retention).await? {
        state.metrics.count(metric::WITHDRAWN);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Withdraws every story of mine and unlinks them from me: the first step of deleting my
/// account (then `DELETE /v1/me`). Safe to repeat.
#[utoipa::path(
    delete,
    path = "/v1/me/stories",
    tag = "members",
    security(("member_jwt" = [])),
    responses(
        (status = 204, description = "None of my stories is left linked to me; each was withdrawn and its \
            personal data erased."),
        (status = 401, response = NoMemberToken),
        (status = 409, description = "A story kept changing meanwhile; retry.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn let_go_of_my_stories(
    member: Member,
    State(state): State<MineState>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let changed = app::let_go_of_mine(
        state.owned.as_ref(),
        state.reader.as_ref(),
        state.writer.as_ref(),
        &member.id,
        now,
        state.retention,
    )
    .await?;
    for _ in 0..changed {
        state.metrics.count(metric::WITHDRAWN);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
