//! The glossary handlers and their OpenAPI description.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use shared::http::caching::{CachePolicy, ConditionalHeaders};
use shared::http::extract::{Path, Query};
use shared::http::lang::LangParam;
use shared::{ApiError, Problem};

use super::params::{BrowseParams, Letter, SearchParams, SuggestParams, TermKeyParam};
use super::term_view::TermDocument;
use super::views::{SearchResults, Suggestions, TermList};
use crate::app::{self, Indexes};
use crate::store::TermReader;
use shared::http::responses::{NotModified, Unavailable};

/// The glossary changes only when it is re-seeded: a browser rechecks after five minutes, the
/// CDN after an hour, and may serve a stale copy for a day while it refreshes.
const GLOSSARY_CACHE: CachePolicy = CachePolicy {
    max_age: 300,
    s_maxage: 3600,
    stale_while_revalidate: 86_400,
};

/// What the term route reads: one term by slug or id.
#[derive(Clone)]
pub struct TermsState {
    pub terms: Arc<dyn TermReader>,
}

/// What the list, search and suggest routes read: only the search indexes.
#[derive(Clone)]
pub struct IndexState {
    pub indexes: Indexes,
}

/// One term, by its slug in either language or by its NCI id.
#[utoipa::path(
    get,
    path = "/v1/glossary/terms/{slug}",
    tag = "glossary",
    params(TermKeyParam, LangParam, ConditionalHeaders),
    responses(
        (status = 200, description = "The term in the negotiated language, or in English when it has no entry in that \
            language; `Content-Language` names the language served.", body = TermDocument,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Malformed slug or unsupported `lang`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No term has this slug or id.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_term(
    State(state): State<TermsState>,
    Path(key): Path<TermKeyParam>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = params.negotiate(&headers)?;
    let key = key.parse()?;
    let served = app::find_term(state.terms.as_ref(), &key, lang).await?;
    let document = TermDocument::new(served.term, served.lang);
    GLOSSARY_CACHE.respond_in(served.lang, document, &headers)
}

/// The A–Z list, one page at a time, with the count under each letter.
#[utoipa::path(
    get,
    path = "/v1/glossary/terms",
    tag = "glossary",
    params(LangParam, BrowseParams, ConditionalHeaders),
    responses(
        (status = 200, description = "A page of terms in alphabetical order (case and accents ignored).", body = TermList,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Unsupported `lang` or `letter`, `limit` out of range, or a malformed `cursor`; \
            `errors` names the parameter.", body = Problem, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn list_terms(
    State(state): State<IndexState>,
    Query(lang): Query<LangParam>,
    Query(params): Query<BrowseParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang.negotiate(&headers)?;
    let limit = params.limit()?;
    let after = params.after()?;
    let letter = params.letter.map(Letter::as_char);
    let browsed = app::browse(&state.indexes, lang, letter, after.as_deref(), limit).await?;
    GLOSSARY_CACHE.respond_in(lang, TermList::new(lang, letter, browsed), &headers)
}

/// Search by name and alias: ranked and typo-tolerant (`smart`), or NCI's match types.
#[utoipa::path(
    get,
    path = "/v1/glossary/search",
    tag = "glossary",
    params(LangParam, SearchParams, ConditionalHeaders),
    responses(
        (status = 200, description = "A page of results: `smart` ranks exact name > exact alias > name prefix > word \
            prefix > substring > typos (fewer typos first) > partial; within a kind, what matches as typed before \
            what matches a plural word's singular (`genetics` before `genetic`; a singular only as a whole word), \
            name prefixes by how many other definitions mention the term, then shorter names, then alphabetically; \
            the others are alphabetical.", body = SearchResults,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Missing or overlong `q`, unsupported `lang` or `match`, `limit` out of range, or \
            a malformed `cursor`; `errors` names the parameter.", body = Problem,
            content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn search(
    State(state): State<IndexState>,
    Query(lang): Query<LangParam>,
    Query(params): Query<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang.negotiate(&headers)?;
    let q = params.q()?;
    let limit = params.limit()?;
    let after = params.after()?;
    let match_ = params.match_();
    let results = app::search(
        &state.indexes,
        lang,
        q,
        match_.into(),
        after.as_deref(),
        limit,
    )
    .await?;
    GLOSSARY_CACHE.respond_in(lang, SearchResults::new(lang, q, match_, results), &headers)
}

/// Type-ahead suggestions for search boxes and tooltips, best first, with what to highlight.
#[utoipa::path(
    get,
    path = "/v1/glossary/suggest",
    tag = "glossary",
    params(LangParam, SuggestParams, ConditionalHeaders),
    responses(
        (status = 200, description = "The best matches, ranked as `smart` search ranks them. When some term matches \
            every typed word, only such terms are suggested; `smart` search lists the terms matching most of the \
            words (`partial`) below them.", body = Suggestions,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, response = NotModified),
        (status = 400, description = "Missing or overlong `q`, unsupported `lang`, or `limit` out of range; `errors` \
            names the parameter.", body = Problem, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn suggest(
    State(state): State<IndexState>,
    Query(lang): Query<LangParam>,
    Query(params): Query<SuggestParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang.negotiate(&headers)?;
    let q = params.q()?;
    let limit = params.limit()?;
    let hits = app::suggest(&state.indexes, lang, q, limit).await?;
    GLOSSARY_CACHE.respond_in(lang, Suggestions::new(lang, q, hits), &headers)
}
