//! The public routes: published stories, and withdrawal by the submitter.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use shared::http::bearer::bearer_token;
use shared::http::caching::{CachePolicy, ConditionalHeaders};
use shared::http::extract::{Path, Query};
use shared::http::lang;
use shared::http::pagination;
use shared::{ApiError, Problem};

use super::answers::NotAStoryId;
use super::params::{IdParam, ListParams, PublishedAfter};
use super::{metric, ChangeState, ListState, PublicStory, PublicStoryList, ReadState};
use crate::app::{self, StoryError};
use crate::store::PageRequest;
use shared::http::responses::{NotModified, Unavailable};

/// Published stories change when a moderator decides or a submitter withdraws: a minute of
/// caching keeps a withdrawal visible quickly.
const STORY_CACHE: CachePolicy = CachePolicy {
    max_age: 60,
    s_maxage: 60,
    stale_while_revalidate: 0,
};

const DEFAULT_PAGE: u32 = 20;
const MAX_PAGE: u32 = 50;

/// Published stories, newest first.
#[utoipa::path(
    get,
    path = "/v1/stories",
    tag = "stories",
    params(ListParams, ConditionalHeaders),
    responses(
        (status = 200, description = "A page of published stories.", body = PublicStoryList,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Unsupported `lang`, `limit` out of range, or a bad `cursor`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn list_stories(
    State(state): State<ListState>,
    Query(params): Query<ListParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let limit = pagination::limit(params.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let after = pagination::cursor::<PublishedAfter>(params.cursor.as_deref())?.map(|a| a.0);
    let now = state.clock.now();
    let request = PageRequest {
        limit,
        after: after.as_ref(),
        now,
    };
    let page = app::published(state.stories.as_ref(), lang, request).await?;
    let list = PublicStoryList {
        lang,
        stories: page.items.into_iter().filter_map(PublicStory::of).collect(),
        next_cursor: page
            .next
            .map(|at| pagination::next_cursor(&PublishedAfter(at))),
    };
    STORY_CACHE.respond_in(lang, list, &headers)
}

/// One published story.
#[utoipa::path(
    get,
    path = "/v1/stories/{id}",
    tag = "stories",
    params(IdParam, ConditionalHeaders),
    responses(
        (status = 200, description = "The story.", body = PublicStory,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String))),
        (status = 304, response = NotModified),
        NotAStoryId,
        (status = 404, description = "No published story has this id.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_story(
    State(state): State<ReadState>,
    Path(IdParam { id }): Path<IdParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let story = app::published_story(state.stories.as_ref(), &id, state.clock.now()).await?;
    let story = PublicStory::of(story).ok_or(StoryError::NotPublished)?;
    STORY_CACHE.respond_in(story.lang, story, &headers)
}

/// Withdraws a story with its withdrawal token: it is unpublished and its personal data erased.
#[utoipa::path(
    delete,
    path = "/v1/stories/{id}",
    tag = "stories",
    params(IdParam),
    security(("withdrawal_token" = [])),
    responses(
        (status = 204, description = "Withdrawn (also when it already was)."),
        (status = 401, description = "No bearer token.", body = Problem, content_type = "application/problem+json"),
        NotAStoryId,
        (status = 404, description = "No story has this id and token.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The story changed meanwhile; retry.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn withdraw_story(
    State(state): State<ChangeState>,
    Path(IdParam { id }): Path<IdParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = bearer_token(&headers).ok_or_else(|| {
        ApiError::unauthorized("Send the withdrawal token as `Authorization: Bearer <token>`.")
    })?;
    let (reader, writer) = (state.reader.as_ref(), state.writer.as_ref());
    let now = state.clock.now();
    if app::withdraw(reader, writer, &id, token, now, state.retention).await? {
        state.metrics.count(metric::WITHDRAWN);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
