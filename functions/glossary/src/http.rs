//! The glossary routes and their OpenAPI description.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::http::caching::{CachePolicy, Cacheable, ConditionalHeaders};
use shared::http::extract::{Path, Query};
use shared::http::lang::{self, Lang};
use shared::http::problem::FieldLocation;
use shared::{ApiError, Problem};
use tokio::sync::OnceCell;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::{
    cursor, Definition, Hit, LangIndex, MatchKind, MatchMode, Media, NameInLang, RelatedKind,
    Source, Term, TermKey, LETTERS,
};
use crate::store::TermReader;

/// The glossary changes only when it is re-seeded: a browser rechecks after five minutes, the
/// CDN after an hour, and may serve a stale copy for a day while it refreshes.
const GLOSSARY_CACHE: CachePolicy = CachePolicy {
    max_age: 300,
    s_maxage: 3600,
    stale_while_revalidate: 86_400,
};

/// Longest accepted query, in characters: longer than any name, short enough to stay cheap.
const MAX_QUERY_CHARS: usize = 200;
const MAX_LIMIT: u32 = 100;
const DEFAULT_PAGE: u32 = 20;
const DEFAULT_BROWSE_PAGE: u32 = 50;
const MAX_SUGGESTIONS: u32 = 20;
const DEFAULT_SUGGESTIONS: u32 = 10;

#[derive(Clone)]
pub struct GlossaryState {
    terms: Arc<dyn TermReader>,
    /// One search index per language, built from the store on first use and then shared.
    indexes: Arc<[OnceCell<Arc<LangIndex>>; 2]>,
}

impl GlossaryState {
    pub fn new(terms: Arc<dyn TermReader>) -> Self {
        Self {
            terms,
            indexes: Arc::new([OnceCell::new(), OnceCell::new()]),
        }
    }

    /// The index of `lang`, built on first use. A failed build is retried by the next request.
    pub async fn index(&self, lang: Lang) -> Result<Arc<LangIndex>, ApiError> {
        let cell = &self.indexes[usize::from(lang == Lang::Es)];
        let index = cell
            .get_or_try_init(|| async {
                let sources = self.terms.index_sources(lang).await?;
                // Building takes milliseconds of CPU: off the async workers.
                let index = tokio::task::spawn_blocking(move || LangIndex::build(lang, sources))
                    .await
                    .map_err(ApiError::internal)?;
                tracing::info!(
                    lang = lang.code(),
                    terms = index.len(),
                    "glossary index built"
                );
                Ok::<_, ApiError>(Arc::new(index))
            })
            .await?;
        Ok(index.clone())
    }

    /// Builds both indexes now (at a Lambda cold start) rather than on the first requests.
    pub async fn warm(&self) -> Result<(), ApiError> {
        for lang in Lang::ALL {
            self.index(lang).await?;
        }
        Ok(())
    }
}

pub fn routes(state: GlossaryState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(get_term))
        .routes(routes!(list_terms))
        .routes(routes!(search))
        .routes(routes!(suggest))
        .with_state(state)
}

// ------------------------------------------------------------------ parameters ----

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct TermKeyParam {
    /// The term's slug in either language (`t-cell`, `celula-t`) or its NCI id (`44928`,
    /// `CDR0000044928`).
    #[param(
        pattern = "^([a-z0-9]+(-[a-z0-9]+)*|CDR[0-9]+)$",
        max_length = 100,
        example = "t-cell"
    )]
    slug: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct LangParam {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
}

/// A letter of the A–Z bar; `#` holds names that start with a digit or a symbol.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[rustfmt::skip]
pub enum Letter {
    #[serde(rename = "#")] Hash,
    #[serde(rename = "a")] A, #[serde(rename = "b")] B, #[serde(rename = "c")] C,
    #[serde(rename = "d")] D, #[serde(rename = "e")] E, #[serde(rename = "f")] F,
    #[serde(rename = "g")] G, #[serde(rename = "h")] H, #[serde(rename = "i")] I,
    #[serde(rename = "j")] J, #[serde(rename = "k")] K, #[serde(rename = "l")] L,
    #[serde(rename = "m")] M, #[serde(rename = "n")] N, #[serde(rename = "o")] O,
    #[serde(rename = "p")] P, #[serde(rename = "q")] Q, #[serde(rename = "r")] R,
    #[serde(rename = "s")] S, #[serde(rename = "t")] T, #[serde(rename = "u")] U,
    #[serde(rename = "v")] V, #[serde(rename = "w")] W, #[serde(rename = "x")] X,
    #[serde(rename = "y")] Y, #[serde(rename = "z")] Z,
}

impl Letter {
    fn as_char(self) -> char {
        LETTERS[self as usize]
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct BrowseParams {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
    /// Only names under this letter (accents folded: `á` is under `a`); `#` (sent as `%23`)
    /// for names that start with a digit or symbol. Without it, every term.
    #[param(value_type = Option<Letter>)]
    letter: Option<Letter>,
    /// Terms per page, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(
        pattern = "^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$",
        min_length = 1,
        max_length = 600
    )]
    cursor: Option<String>,
}

/// How `q` is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchParam {
    /// Ranked: exact name > exact alias > name prefix > word prefix > substring > typos.
    #[default]
    Smart,
    /// Names starting with `q`, alphabetically (NCI's "Begins").
    Begins,
    /// Names containing `q`, alphabetically (NCI's "Contains").
    Contains,
    /// Names equal to `q`, alphabetically (NCI's "Exact").
    Exact,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchParams {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
    /// What to look for. Case and accents do not matter (`cancer` = `cáncer` = `CANCER`).
    #[param(min_length = 1, max_length = 200, example = "imunotherapy")]
    q: String,
    /// `smart` (the default) ranks; the others match names as NCI's match types do.
    #[serde(rename = "match")]
    #[param(rename = "match", value_type = Option<MatchParam>)]
    match_: Option<MatchParam>,
    /// Results per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page of the same search.
    #[param(
        pattern = "^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$",
        min_length = 1,
        max_length = 600
    )]
    cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SuggestParams {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
    /// What has been typed so far; one character is enough.
    #[param(min_length = 1, max_length = 200, example = "inmuno")]
    q: String,
    /// Suggestions, 1 to 20 (default 10).
    #[param(minimum = 1, maximum = 20)]
    limit: Option<u32>,
}

fn limit(given: Option<u32>, default: u32, max: u32) -> Result<usize, ApiError> {
    match given.unwrap_or(default) {
        n if (1..=max).contains(&n) => Ok(n as usize),
        _ => Err(ApiError::invalid_field(
            FieldLocation::Query,
            "limit",
            format!("must be between 1 and {max}"),
        )),
    }
}

fn after(cursor: Option<&str>) -> Result<Option<Vec<u8>>, ApiError> {
    cursor
        .map(|text| {
            cursor::decode(text)
                .map_err(|e| ApiError::invalid_field(FieldLocation::Query, "cursor", e.to_string()))
        })
        .transpose()
}

fn query_text(q: &str) -> Result<&str, ApiError> {
    let chars = q.chars().count();
    if chars == 0 || chars > MAX_QUERY_CHARS {
        return Err(ApiError::invalid_field(
            FieldLocation::Query,
            "q",
            format!("must be 1 to {MAX_QUERY_CHARS} characters"),
        ));
    }
    Ok(q)
}

// ------------------------------------------------------------------- answers ----

/// One term in one language, with everything a term page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermDocument {
    #[schema(example = 44928)]
    pub id: u64,
    /// The language served; also in `Content-Language`. English when the term has no Spanish entry.
    pub lang: Lang,
    #[schema(example = "T cell")]
    pub name: String,
    /// The slug in the served language: the canonical URL name.
    #[schema(example = "t-cell")]
    pub slug: String,
    /// NCI's respelling, such as `(KAN-ser)` (English names only).
    pub pronunciation: Option<String>,
    /// Other names of the term.
    pub aliases: Vec<String>,
    /// One per dictionary and audience; the patient definition of the cancer dictionary first.
    pub definitions: Vec<Definition>,
    /// Every language the term is published in.
    pub available_langs: Vec<Lang>,
    /// The term in the other language, for a language switch.
    pub other_language: Option<NameInLang>,
    /// Glossary terms NCI lists as related, in the served language.
    pub related_terms: Vec<RelatedTerm>,
    /// Other reading NCI suggests, for the served language.
    pub related_links: Vec<RelatedLink>,
    /// Illustrations and pronunciation recordings in the served language (ids and text only).
    pub media: Vec<Media>,
    pub first_published: Option<NaiveDate>,
    pub last_modified: Option<NaiveDate>,
    /// The term's page on cancer.gov.
    #[schema(example = "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/44928")]
    pub nci_url: String,
    pub source: Source,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedTerm {
    pub id: u64,
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedLink {
    pub kind: RelatedKind,
    pub title: String,
    /// For external links.
    pub url: Option<String>,
    /// NCI's CDR id of a linked summary.
    pub target_id: Option<u64>,
}

/// A term in a list: enough to link to it and show what it means.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermSummary {
    #[schema(example = 44928)]
    pub id: u64,
    #[schema(example = "T cell")]
    pub name: String,
    #[schema(example = "t-cell")]
    pub slug: String,
    /// The plain text of the term's main definition.
    pub definition: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LetterCount {
    /// `#` or `a`…`z`.
    #[schema(example = "a")]
    pub letter: String,
    pub count: usize,
}

/// One page of the A–Z list.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermList {
    pub lang: Lang,
    /// The letter asked for, if any.
    pub letter: Option<String>,
    /// Terms under the letter (or in all), across pages.
    pub total: usize,
    pub terms: Vec<TermSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Terms per letter, `#` then `a`…`z`, for an A–Z bar.
    pub letters: Vec<LetterCount>,
    pub source: Source,
}

/// A range of text to highlight, in UTF-16 code units (what JavaScript's `String.slice` takes).
#[derive(Debug, Serialize, ToSchema)]
pub struct Highlight {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchedField {
    Name,
    Alias,
}

/// What matched the query, and where.
#[derive(Debug, Serialize, ToSchema)]
pub struct Matched {
    pub kind: MatchKind,
    pub field: MatchedField,
    /// The name or alias that matched, as written; `highlights` index into it.
    pub text: String,
    pub highlights: Vec<Highlight>,
    /// Typos forgiven (fuzzy matches only).
    pub typos: u8,
}

/// A search result or suggestion.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    #[schema(example = 44928)]
    pub id: u64,
    #[schema(example = "T cell")]
    pub name: String,
    #[schema(example = "t-cell")]
    pub slug: String,
    pub definition: Option<String>,
    pub matched: Matched,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub lang: Lang,
    pub q: String,
    #[serde(rename = "match")]
    #[schema(rename = "match")]
    pub match_: MatchParam,
    /// Results across pages.
    pub total: usize,
    pub results: Vec<SearchHit>,
    /// Pass as `cursor` (with the same `q` and `match`) for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    pub source: Source,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    pub lang: Lang,
    pub q: String,
    pub suggestions: Vec<SearchHit>,
    pub source: Source,
}

fn search_hit(hit: &Hit) -> SearchHit {
    SearchHit {
        id: hit.term.id,
        name: hit.term.name.clone(),
        slug: hit.term.slug.clone(),
        definition: hit.term.definition.clone(),
        matched: Matched {
            kind: hit.kind,
            field: if hit.on_alias {
                MatchedField::Alias
            } else {
                MatchedField::Name
            },
            text: hit.matched.to_owned(),
            highlights: hit
                .highlights
                .iter()
                .map(|&(start, end)| Highlight { start, end })
                .collect(),
            typos: hit.typos,
        },
    }
}

fn document(term: Term, lang: Lang) -> TermDocument {
    let entry = term
        .entry(lang)
        .expect("the caller chose a published language");
    let available_langs: Vec<Lang> = term.langs().map(|(l, _)| l).collect();
    let other_language = term
        .langs()
        .find(|(l, _)| *l != lang)
        .map(|(l, e)| NameInLang {
            lang: l,
            name: e.name.clone(),
            slug: e.slug.clone(),
        });
    let mut definitions = entry.definitions.clone();
    if let Some(primary) = entry.primary_definition() {
        let primary = primary.clone();
        definitions.retain(|d| *d != primary);
        definitions.insert(0, primary);
    }
    let related_terms = term
        .related
        .iter()
        .filter(|r| r.kind == RelatedKind::GlossaryTerm)
        .filter_map(|r| {
            let target = r.target_names.iter().find(|n| n.lang == lang)?;
            Some(RelatedTerm {
                id: r.target_id?,
                name: target.name.clone(),
                slug: target.slug.clone(),
            })
        })
        .collect();
    let related_links = term
        .related
        .iter()
        .filter(|r| r.kind != RelatedKind::GlossaryTerm && r.lang.is_none_or(|l| l == lang))
        .map(|r| RelatedLink {
            kind: r.kind,
            title: r.title.clone(),
            url: r.url.clone(),
            target_id: r.target_id,
        })
        .collect();
    let nci_url = match lang {
        Lang::En => format!(
            "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/{}",
            term.id
        ),
        Lang::Es => format!(
            "https://www.cancer.gov/espanol/publicaciones/diccionarios/diccionario-cancer/def/{}",
            term.id
        ),
    };
    TermDocument {
        id: term.id,
        lang,
        name: entry.name.clone(),
        slug: entry.slug.clone(),
        pronunciation: entry.pronunciation.clone(),
        aliases: entry.aliases.clone(),
        definitions,
        available_langs,
        other_language,
        related_terms,
        related_links,
        media: term
            .media
            .iter()
            .filter(|m| m.lang == lang)
            .cloned()
            .collect(),
        first_published: term.first_published,
        last_modified: term.last_modified,
        nci_url,
        source: Source::nci(lang),
    }
}

// -------------------------------------------------------------------- routes ----

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
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Malformed slug or unsupported `lang`.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No term has this slug or id.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn get_term(
    State(state): State<GlossaryState>,
    Path(TermKeyParam { slug }): Path<TermKeyParam>,
    Query(params): Query<LangParam>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let key = TermKey::parse(&slug)
        .map_err(|error| ApiError::invalid_field(FieldLocation::Path, "slug", error.to_string()))?;
    let term = match &key {
        TermKey::Id(id) => state.terms.by_id(*id).await?,
        TermKey::Slug(slug) => match state.terms.by_slug(lang, slug).await? {
            Some(term) => Some(term),
            // A slug from the other language still names the term (a shared link, a switch).
            None => {
                let other = Lang::ALL
                    .into_iter()
                    .find(|l| *l != lang)
                    .expect("two languages");
                state.terms.by_slug(other, slug).await?
            }
        },
    };
    let term =
        term.ok_or_else(|| ApiError::not_found(format!("There is no glossary term `{key}`.")))?;
    let served = if term.entry(lang).is_some() {
        lang
    } else {
        Lang::En
    };
    Cacheable {
        body: document(term, served),
        policy: GLOSSARY_CACHE,
        content_language: Some(served),
    }
    .respond(&headers)
}

/// The A–Z list, one page at a time, with the count under each letter.
#[utoipa::path(
    get,
    path = "/v1/glossary/terms",
    tag = "glossary",
    params(BrowseParams, ConditionalHeaders),
    responses(
        (status = 200, description = "A page of terms in alphabetical order (case and accents ignored).", body = TermList,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Unsupported `lang` or `letter`, `limit` out of range, or a malformed `cursor`; \
            `errors` names the parameter.", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_terms(
    State(state): State<GlossaryState>,
    Query(params): Query<BrowseParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let limit = limit(params.limit, DEFAULT_BROWSE_PAGE, MAX_LIMIT)?;
    let after = after(params.cursor.as_deref())?;
    let index = state.index(lang).await?;
    let letter = params.letter.map(Letter::as_char);
    let page = index.browse(letter, after.as_deref(), limit);
    let body = TermList {
        lang,
        letter: letter.map(String::from),
        total: page.total,
        terms: page
            .hits
            .iter()
            .map(|hit| TermSummary {
                id: hit.term.id,
                name: hit.term.name.clone(),
                slug: hit.term.slug.clone(),
                definition: hit.term.definition.clone(),
            })
            .collect(),
        next_cursor: page.next.as_deref().map(cursor::encode),
        letters: index
            .letter_counts()
            .map(|(letter, count)| LetterCount {
                letter: letter.to_string(),
                count,
            })
            .collect(),
        source: Source::nci(lang),
    };
    Cacheable {
        body,
        policy: GLOSSARY_CACHE,
        content_language: Some(lang),
    }
    .respond(&headers)
}

/// Search by name and alias: ranked and typo-tolerant (`smart`), or NCI's match types.
#[utoipa::path(
    get,
    path = "/v1/glossary/search",
    tag = "glossary",
    params(SearchParams, ConditionalHeaders),
    responses(
        (status = 200, description = "A page of results: `smart` ranks exact name > exact alias > name prefix > word \
            prefix > substring > typos (fewer typos first), then shorter names, then alphabetically; the others are \
            alphabetical.", body = SearchResults,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Missing or overlong `q`, unsupported `lang` or `match`, `limit` out of range, or \
            a malformed `cursor`; `errors` names the parameter.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn search(
    State(state): State<GlossaryState>,
    Query(params): Query<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let q = query_text(&params.q)?;
    let limit = limit(params.limit, DEFAULT_PAGE, MAX_LIMIT)?;
    let after = after(params.cursor.as_deref())?;
    let match_ = params.match_.unwrap_or_default();
    let mode = match match_ {
        MatchParam::Smart => MatchMode::Smart,
        MatchParam::Begins => MatchMode::Begins,
        MatchParam::Contains => MatchMode::Contains,
        MatchParam::Exact => MatchMode::Exact,
    };
    let index = state.index(lang).await?;
    let page = index.search(q, mode, after.as_deref(), limit);
    let body = SearchResults {
        lang,
        q: q.to_owned(),
        match_,
        total: page.total,
        results: page.hits.iter().map(search_hit).collect(),
        next_cursor: page.next.as_deref().map(cursor::encode),
        source: Source::nci(lang),
    };
    Cacheable {
        body,
        policy: GLOSSARY_CACHE,
        content_language: Some(lang),
    }
    .respond(&headers)
}

/// Type-ahead suggestions for search boxes and tooltips, best first, with what to highlight.
#[utoipa::path(
    get,
    path = "/v1/glossary/suggest",
    tag = "glossary",
    params(SuggestParams, ConditionalHeaders),
    responses(
        (status = 200, description = "The best matches, ranked as `smart` search ranks them.", body = Suggestions,
            headers(("ETag" = String), ("Cache-Control" = String), ("Content-Language" = String), ("Vary" = String))),
        (status = 304, description = "The client's copy (`If-None-Match`) is current."),
        (status = 400, description = "Missing or overlong `q`, unsupported `lang`, or `limit` out of range; `errors` \
            names the parameter.", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn suggest(
    State(state): State<GlossaryState>,
    Query(params): Query<SuggestParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang::negotiate(params.lang.as_deref(), &headers)?;
    let q = query_text(&params.q)?;
    let limit = limit(params.limit, DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS)?;
    let index = state.index(lang).await?;
    let body = Suggestions {
        lang,
        q: q.to_owned(),
        suggestions: index.suggest(q, limit).iter().map(search_hit).collect(),
        source: Source::nci(lang),
    };
    Cacheable {
        body,
        policy: GLOSSARY_CACHE,
        content_language: Some(lang),
    }
    .respond(&headers)
}
