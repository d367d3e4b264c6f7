//! What the glossary routes take from the path and query, beyond the shared `lang` parameter,
//! and its checks: each failure names the parameter.

use serde::{Deserialize, Serialize};
use shared::http::pagination::{self, Position};
use shared::http::problem::FieldLocation;
use shared::ApiError;
use utoipa::{IntoParams, ToSchema};

use crate::domain::{MatchMode, TermKey, LETTERS};

/// Longest accepted query, in characters: longer than any name, short enough to stay cheap.
const MAX_QUERY_CHARS: usize = 200;
const MAX_LIMIT: u32 = 100;
const DEFAULT_PAGE: u32 = 20;
const DEFAULT_BROWSE_PAGE: u32 = 50;
const MAX_SUGGESTIONS: u32 = 20;
const DEFAULT_SUGGESTIONS: u32 = 10;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TermKeyParam {
    /// The term's slug in either language (`t-cell`, `celula-t`) or its NCI id (`44928`,
    /// `CDR0000044928`).
    #[param(
        pattern = "^([a-z0-9]+(-[a-z0-9]+)*|CDR[0-9]+)$",
        max_length = 100,
        example = "t-cell"
    )]
    slug: String,
}

impl TermKeyParam {
    pub fn parse(&self) -> Result<TermKey, ApiError> {
        TermKey::parse(&self.slug).map_err(|error| {
            ApiError::invalid_field(FieldLocation::Path, "slug", error.to_string())
        })
    }
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
    pub fn as_char(self) -> char {
        LETTERS[self as usize]
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BrowseParams {
    /// Only names under this letter (accents folded: `á` is under `a`); `#` (sent as `%23`)
    /// for names that start with a digit or symbol. Without it, every term.
    #[param(value_type = Option<Letter>)]
    pub letter: Option<Letter>,
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

impl BrowseParams {
    pub fn limit(&self) -> Result<usize, ApiError> {
        pagination::limit(self.limit, DEFAULT_BROWSE_PAGE, MAX_LIMIT)
    }

    pub fn after(&self) -> Result<Option<Vec<u8>>, ApiError> {
        Ok(pagination::cursor::<BrowseAfter>(self.cursor.as_deref())?.map(|after| after.0))
    }
}

/// Where the A–Z list continues: the sort key of the last name served. Any key is a position
/// (the names after it), so a cursor stays valid when terms are added or removed.
pub struct BrowseAfter(pub Vec<u8>);

impl Position for BrowseAfter {
    const LIST: &'static str = "glossary-terms";

    fn to_key(&self) -> Vec<u8> {
        self.0.clone()
    }

    fn from_key(key: &[u8]) -> Option<Self> {
        Some(Self(key.to_vec()))
    }
}

/// Where a search continues: the ranking key of the last result served (any key is one).
pub struct SearchAfter(pub Vec<u8>);

impl Position for SearchAfter {
    const LIST: &'static str = "glossary-search";

    fn to_key(&self) -> Vec<u8> {
        self.0.clone()
    }

    fn from_key(key: &[u8]) -> Option<Self> {
        Some(Self(key.to_vec()))
    }
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

impl From<MatchParam> for MatchMode {
    fn from(param: MatchParam) -> Self {
        match param {
            MatchParam::Smart => MatchMode::Smart,
            MatchParam::Begins => MatchMode::Begins,
            MatchParam::Contains => MatchMode::Contains,
            MatchParam::Exact => MatchMode::Exact,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for. Case and accents do not matter (`cancer` = `cáncer` = `CANCER`).
    #[param(
        min_length = 1,
        max_length = 200,
        example = "imunotherapy",
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200b\\u200c\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff\\ufffd]+$"
    )]
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

impl SearchParams {
    pub fn q(&self) -> Result<&str, ApiError> {
        query_text(&self.q)
    }

    pub fn match_(&self) -> MatchParam {
        self.match_.unwrap_or_default()
    }

    pub fn limit(&self) -> Result<usize, ApiError> {
        pagination::limit(self.limit, DEFAULT_PAGE, MAX_LIMIT)
    }

    pub fn after(&self) -> Result<Option<Vec<u8>>, ApiError> {
        Ok(pagination::cursor::<SearchAfter>(self.cursor.as_deref())?.map(|after| after.0))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What has been typed so far; one character is enough.
    #[param(
        min_length = 1,
        max_length = 200,
        example = "inmuno",
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200b\\u200c\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff\\ufffd]+$"
    )]
    q: String,
    /// Suggestions, 1 to 20 (default 10).
    #[param(minimum = 1, maximum = 20)]
    limit: Option<u32>,
}

impl SuggestParams {
    pub fn q(&self) -> Result<&str, ApiError> {
        query_text(&self.q)
    }

    pub fn limit(&self) -> Result<usize, ApiError> {
        pagination::limit(self.limit, DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS)
    }
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
    // U+FFFD is what invalid UTF-8 in the query string decodes to. The OpenAPI says the
    // same as a `pattern` on `q`.
    if q.chars().any(|c| c.is_control() || c == '\u{FFFD}')
        || shared::text::has_hidden_format_chars(q)
    {
        return Err(ApiError::invalid_field(
            FieldLocation::Query,
            "q",
            "must be valid UTF-8 text without control, direction or zero-width characters",
        ));
    }
    Ok(q)
}
