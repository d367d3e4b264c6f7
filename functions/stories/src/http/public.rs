use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shared::http::bearer::bearer_token;
use shared::http::caching::{CachePolicy, Cacheable, ConditionalHeaders};
use shared::http::extract::{Path, Query};
use shared::http::lang::{self, Lang};
use shared::http::pagination::{self, Cursor};
use shared::{ApiError, Problem};
use utoipa::IntoParams;

use super::{metric, PublicStory, PublicStoryList, StoriesState};
use crate::domain::withdrawal;
use crate::store::Replace;

/// Published stories change when a moderator decides or a submitter withdraws: a minute of
/// caching keeps a withdrawal visible quickly.
const STORY_CACHE: CachePolicy = CachePolicy {
    max_age: 60,
    s_maxage: 60,
    stale_while_revalidate: 0,
};

const DEFAULT_PAGE: u32 = 20;
const MAX_PAGE: u32 = 50;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
    /// Stories per page, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
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

/// Published stories, newest first.
#[utoipa::path(
    get,
    path = "/v1/stories",
    tag = "stories",
    params(ListParams, ConditionalHeaders),
    responses(
        (status = 200, description = "A page of published stories.", body = PublicStoryList,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String))),
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Unsupported `lang`, `limit` out of range, or a bad `cursor`.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn list_stories(
    State(state): State<StoriesState>,
    Query(params): Query<ListParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let limit = pagination::limit(params.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let cursor = params.cursor.as_deref().map(Cursor::decode).transpose()?;
    let page = state
        .stories
        .published(lang, limit, cursor.as_ref(), state.clock.now())
        .await?;
    Cacheable {
        body: PublicStoryList {
            lang,
            stories: page.items.into_iter().filter_map(PublicStory::of).collect(),
            next_cursor: page.next.map(|cursor| cursor.encode()),
        },
        policy: STORY_CACHE,
        content_language: Some(lang),
    }
    .respond(&headers)
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
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 404, description = "No published story has this id.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
pub(super) async fn get_story(
    State(state): State<StoriesState>,
    Path(IdParam { id }): Path<IdParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let story = match valid_id(&id) {
        true => state.stories.get(&id, state.clock.now()).await?,
        false => None,
    };
    let story = story
        .and_then(PublicStory::of)
        .ok_or_else(|| ApiError::not_found("No published story has this id."))?;
    let lang = story.lang;
    Cacheable {
        body: story,
        policy: STORY_CACHE,
        content_language: Some(lang),
    }
    .respond(&headers)
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
        (status = 404, description = "No story has this id and token.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The story changed meanwhile; retry.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
pub(super) async fn withdraw_story(
    State(state): State<StoriesState>,
    Path(IdParam { id }): Path<IdParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = bearer_token(&headers).ok_or_else(|| {
        ApiError::unauthorized("Send the withdrawal token as `Authorization: Bearer <token>`.")
    })?;
    let now = state.clock.now();
    let not_found = || ApiError::not_found("No story has this id and withdrawal token.");
    if !valid_id(&id) {
        return Err(not_found());
    }
    let story = state
        .stories
        .get(&id, now)
        .await?
        .filter(|story| withdrawal::token_matches(story, token))
        .ok_or_else(not_found)?;
    if let Some((withdrawn, audit)) = withdrawal::withdraw(&story, now, state.retention) {
        match state
            .stories
            .replace(&withdrawn, story.version, &audit)
            .await?
        {
            Replace::Done => state.metrics.count(metric::WITHDRAWN),
            Replace::Stale => {
                return Err(ApiError::conflict(
                    "story-changed",
                    "The story changed while it was being withdrawn; please try again.",
                ))
            }
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Story ids are UUIDs; anything else cannot name a story.
pub(super) fn valid_id(id: &str) -> bool {
    uuid::Uuid::parse_str(id).is_ok()
}
