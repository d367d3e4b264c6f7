//! The list, search and suggest answers, built from the use cases' results.

use serde::Serialize;
use shared::http::lang::Lang;
use shared::http::pagination::next_cursor;
use utoipa::ToSchema;

use super::params::{BrowseAfter, MatchParam, SearchAfter};
use super::source::Source;
use crate::app::{Browsed, Results, TermHit};
use crate::domain;

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

/// How a result matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The query is the term's name.
    ExactName,
    /// The query is one of the term's other names.
    ExactAlias,
    /// The name starts with the query.
    NamePrefix,
    /// A later word of the name, or any word of an alias, starts with the query.
    WordPrefix,
    /// The query occurs inside a word.
    Substring,
    /// Every query word is in the name or an alias, in any order, within the typo allowance.
    Fuzzy,
    /// Most query words (at least half of those that are not stop words) are in the name or
    /// an alias; ranks below every full match.
    Partial,
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

impl TermList {
    pub fn new(lang: Lang, letter: Option<char>, browsed: Browsed) -> Self {
        let Browsed { results, letters } = browsed;
        Self {
            lang,
            letter: letter.map(String::from),
            total: results.total,
            terms: results
                .hits
                .into_iter()
                .map(|hit| TermSummary {
                    id: hit.term.id,
                    name: hit.term.name,
                    slug: hit.term.slug,
                    definition: hit.term.definition,
                })
                .collect(),
            next_cursor: results.next.map(|key| next_cursor(&BrowseAfter(key))),
            letters: letters
                .into_iter()
                .map(|(letter, count)| LetterCount {
                    letter: letter.to_string(),
                    count,
                })
                .collect(),
            source: Source::nci(lang),
        }
    }
}

impl SearchResults {
    pub fn new(lang: Lang, q: &str, match_: MatchParam, results: Results) -> Self {
        Self {
            lang,
            q: q.to_owned(),
            match_,
            total: results.total,
            results: results.hits.into_iter().map(Into::into).collect(),
            next_cursor: results.next.map(|key| next_cursor(&SearchAfter(key))),
            source: Source::nci(lang),
        }
    }
}

impl Suggestions {
    pub fn new(lang: Lang, q: &str, hits: Vec<TermHit>) -> Self {
        Self {
            lang,
            q: q.to_owned(),
            suggestions: hits.into_iter().map(Into::into).collect(),
            source: Source::nci(lang),
        }
    }
}

impl From<TermHit> for SearchHit {
    fn from(hit: TermHit) -> Self {
        SearchHit {
            id: hit.term.id,
            name: hit.term.name,
            slug: hit.term.slug,
            definition: hit.term.definition,
            matched: Matched {
                kind: hit.kind.into(),
                field: if hit.on_alias {
                    MatchedField::Alias
                } else {
                    MatchedField::Name
                },
                text: hit.matched,
                highlights: hit
                    .highlights
                    .into_iter()
                    .map(|(start, end)| Highlight { start, end })
                    .collect(),
                typos: hit.typos,
            },
        }
    }
}

impl From<domain::MatchKind> for MatchKind {
    fn from(kind: domain::MatchKind) -> Self {
        match kind {
            domain::MatchKind::ExactName => MatchKind::ExactName,
            domain::MatchKind::ExactAlias => MatchKind::ExactAlias,
            domain::MatchKind::NamePrefix => MatchKind::NamePrefix,
            domain::MatchKind::WordPrefix => MatchKind::WordPrefix,
            domain::MatchKind::Substring => MatchKind::Substring,
            domain::MatchKind::Fuzzy => MatchKind::Fuzzy,
            domain::MatchKind::Partial => MatchKind::Partial,
        }
    }
}
