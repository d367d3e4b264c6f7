//! The content handlers and their OpenAPI description.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use shared::clock::Clock;
use shared::http::caching::{CachePolicy, ConditionalHeaders};
use shared::http::extract::{Path, Query};
use shared::http::lang::LangParam;
use shared::{ApiError, Problem};

use super::contact_view::ContactAnswer;
use super::params::SlugParam;
use super::views::{PageDocument, PageList};
use crate::app;
use crate::domain::TRIAL_LINE;
use crate::store::PageReader;
use shared::http::responses::{NotModified, Unavailable};

/// Pages change only when the content is re-seeded: a browser rechecks after five minutes, the
/// CDN after an hour, and may serve a stale copy for a day while it refreshes.
const PAGE_CACHE: CachePolicy = CachePolicy {
    max_age: 300,
    s_maxage: 3600,
    stale_while_revalidate: 86_400,
};

/// `open_now` changes twice a day: the contact answer is cached for a minute at most, and never
/// past the next opening or closing.
const CONTACT_CACHE_SECONDS: i64 = 60;

/// What the page routes read.
#[derive(Clone)]
pub struct PagesState {
    pub pages: Arc<dyn PageReader>,
}

/// What the contact route needs: only the time.
#[derive(Clone)]
pub struct ContactState {
    pub clock: Arc<dyn Clock>,
}

/// Lists the pages in a language.
#[utoipa::path(
    get,
    path = "/v1/pages",
    tag = "content",
    params(LangParam, ConditionalHeaders),
    responses(
        (status = 200, description = "The pages in the negotiated language.", body = PageList,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Unsupported `lang`; `supported` lists the accepted codes.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn list_pages(
    State(state): State<PagesState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = params.negotiate(&headers)?;
    let pages = app::list_pages(state.pages.as_ref(), lang).await?;
    let list = PageList {
        lang,
        pages: pages.into_iter().map(Into::into).collect(),
    };
    PAGE_CACHE.respond_in(lang, list, &headers)
}

/// One whole page, in the asked language or else in English.
#[utoipa::path(
    get,
    path = "/v1/pages/{slug}",
    tag = "content",
    params(SlugParam, LangParam, ConditionalHeaders),
    responses(
        (status = 200, description = "The page. `Content-Language` names the language served, which is \
            English when the page is missing in the asked language.", body = PageDocument,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Malformed slug or unsupported `lang`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No page has this slug.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_page(
    State(state): State<PagesState>,
    Path(slug): Path<SlugParam>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = params.negotiate(&headers)?;
    let slug = slug.parse()?;
    let served = app::page_in(state.pages.as_ref(), &slug, lang).await?;
    let served_lang = served.page.lang;
    PAGE_CACHE.respond_in(served_lang, PageDocument::from(served), &headers)
}

/// The trial line: phone, hours, languages, and whether it is open now.
#[utoipa::path(
    get,
    path = "/v1/contact",
    tag = "content",
    params(LangParam, ConditionalHeaders),
    responses(
        (status = 200, description = "The trial line, with `open_now` and `next_open_at` computed at request time.",
            body = ContactAnswer,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Unsupported `lang`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_contact(
    State(state): State<ContactState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = params.negotiate(&headers)?;
    let now = state.clock.now();
    let until_change = TRIAL_LINE.seconds_until_change(now);
    let fresh = until_change.clamp(0, CONTACT_CACHE_SECONDS) as u32;
    let policy = CachePolicy {
        max_age: fresh,
        s_maxage: fresh,
        stale_while_revalidate: fresh / 2,
    };
    policy.respond_in(lang, ContactAnswer::new(&TRIAL_LINE, now, lang), &headers)
}
