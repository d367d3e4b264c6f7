//! The content routes and their OpenAPI description.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use shared::caching::{CachePolicy, Cacheable, ConditionalHeaders};
use shared::clock::Clock;
use shared::extract::{Path, Query};
use shared::lang::{self, Lang};
use shared::problem::FieldLocation;
use shared::{ApiError, Problem};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::{ContactAnswer, PageDocument, PageSummary, Slug, TRIAL_LINE};
use crate::store::PageReader;

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

#[derive(Clone)]
pub struct ContentState {
    pages: Arc<dyn PageReader>,
    clock: Arc<dyn Clock>,
}

impl ContentState {
    pub fn new(pages: Arc<dyn PageReader>, clock: Arc<dyn Clock>) -> Self {
        Self { pages, clock }
    }
}

pub fn routes(state: ContentState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(list_pages))
        .routes(routes!(get_page))
        .routes(routes!(get_contact))
        .with_state(state)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct LangParam {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct SlugParam {
    /// The page's URL name.
    #[param(
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length = 100,
        example = "clinical-trials-overview"
    )]
    slug: String,
}

/// The pages published in one language.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageList {
    pub lang: Lang,
    pub pages: Vec<PageSummary>,
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
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Unsupported `lang`; `supported` lists the accepted codes.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn list_pages(
    State(state): State<ContentState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let pages = state.pages.list_pages(lang).await?;
    Cacheable {
        body: PageList { lang, pages },
        policy: PAGE_CACHE,
        content_language: Some(lang),
    }
    .respond(&headers)
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
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Malformed slug or unsupported `lang`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No page has this slug.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn get_page(
    State(state): State<ContentState>,
    Path(SlugParam { slug }): Path<SlugParam>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let slug = Slug::parse(&slug)
        .map_err(|error| ApiError::invalid_field(FieldLocation::Path, "slug", error.to_string()))?;
    let mut translations = state.pages.translations(&slug).await?;
    let available_langs: Vec<Lang> = translations.iter().map(|page| page.lang).collect();
    let chosen = [lang, Lang::DEFAULT]
        .iter()
        .find_map(|wanted| translations.iter().position(|page| page.lang == *wanted))
        .or_else(|| (!translations.is_empty()).then_some(0))
        .ok_or_else(|| ApiError::not_found(format!("There is no page `{slug}`.")))?;
    let page = translations.swap_remove(chosen);
    let served = page.lang;
    Cacheable {
        body: page.document(available_langs),
        policy: PAGE_CACHE,
        content_language: Some(served),
    }
    .respond(&headers)
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
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Unsupported `lang`.", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_contact(
    State(state): State<ContentState>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let now = state.clock.now();
    let until_change = TRIAL_LINE.seconds_until_change(now);
    let fresh = until_change.clamp(0, CONTACT_CACHE_SECONDS) as u32;
    Cacheable {
        body: TRIAL_LINE.answer(now, lang),
        policy: CachePolicy {
            max_age: fresh,
            s_maxage: fresh,
            stale_while_revalidate: fresh / 2,
        },
        content_language: Some(lang),
    }
    .respond(&headers)
}
