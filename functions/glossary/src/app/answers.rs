//! Answers from the search index: the A–Z browse, search and suggestions. Each answer owns its
//! hits, so that it outlives the index it was read from.

use shared::http::lang::Lang;

use super::{GlossaryError, Indexes};
use crate::domain::{Hit, IndexSource, MatchKind, MatchMode, Page};

/// One result, detached from the index.
#[derive(Debug, Clone, PartialEq)]
pub struct TermHit {
    pub term: IndexSource,
    pub kind: MatchKind,
    pub typos: u8,
    /// The name or alias that matched, as written.
    pub matched: String,
    pub on_alias: bool,
    /// Ranges of `matched` to highlight, in UTF-16 code units, ascending.
    pub highlights: Vec<(u32, u32)>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub hits: Vec<TermHit>,
    /// Results in all pages.
    pub total: usize,
    /// Where the next page starts, when more follow.
    pub next: Option<Vec<u8>>,
}

/// A page of the A–Z list, with the count under every letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Browsed {
    pub results: Results,
    /// `#` then `a`…`z`.
    pub letters: Vec<(char, usize)>,
}

impl From<&Hit<'_>> for TermHit {
    fn from(hit: &Hit<'_>) -> Self {
        Self {
            term: hit.term.clone(),
            kind: hit.kind,
            typos: hit.typos,
            matched: hit.matched.to_owned(),
            on_alias: hit.on_alias,
            highlights: hit.highlights.clone(),
        }
    }
}

impl From<Page<'_>> for Results {
    fn from(page: Page<'_>) -> Self {
        Self {
            hits: page.hits.iter().map(TermHit::from).collect(),
            total: page.total,
            next: page.next,
        }
    }
}

/// Names under `letter` (or all), alphabetically, after `after`.
pub async fn browse(
    indexes: &Indexes,
    lang: Lang,
    letter: Option<char>,
    after: Option<&[u8]>,
    limit: usize,
) -> Result<Browsed, GlossaryError> {
    let served = indexes.served(lang).await?;
    let mut results: Results = served.index.browse(letter, after, limit).into();
    indexes.complete(lang, &served, &mut results.hits).await?;
    Ok(Browsed {
        results,
        letters: served.index.letter_counts().collect(),
    })
}

pub async fn search(
    indexes: &Indexes,
    lang: Lang,
    query: &str,
    mode: MatchMode,
    after: Option<&[u8]>,
    limit: usize,
) -> Result<Results, GlossaryError> {
    let served = indexes.served(lang).await?;
    let mut results: Results = served.index.search(query, mode, after, limit).into();
    indexes.complete(lang, &served, &mut results.hits).await?;
    Ok(results)
}

/// The best `limit` ranked matches, for type-ahead.
pub async fn suggest(
    indexes: &Indexes,
    lang: Lang,
    query: &str,
    limit: usize,
) -> Result<Vec<TermHit>, GlossaryError> {
    let served = indexes.served(lang).await?;
    let mut hits: Vec<TermHit> = served
        .index
        .suggest(query, limit)
        .iter()
        .map(TermHit::from)
        .collect();
    indexes.complete(lang, &served, &mut hits).await?;
    Ok(hits)
}
