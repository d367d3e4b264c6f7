//! Reading pages: a language's list, and one page in the asked language or else in English.

use shared::http::lang::Lang;
use shared::storage::StorageError;

use crate::domain::{Page, PageSummary, Slug};
use crate::store::PageReader;

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("there is no page `{0}`")]
    NotFound(Slug),
    #[error(transparent)]
    Store(#[from] StorageError),
}

/// A page as chosen for a reader, with every language it exists in.
#[derive(Debug, Clone, PartialEq)]
pub struct ServedPage {
    pub page: Page,
    pub available_langs: Vec<Lang>,
}

pub async fn list_pages(
    pages: &dyn PageReader,
    lang: Lang,
) -> Result<Vec<PageSummary>, StorageError> {
    pages.list_pages(lang).await
}

/// The page in `lang`, else in English, else in whichever language it exists in.
pub async fn page_in(
    pages: &dyn PageReader,
    slug: &Slug,
    lang: Lang,
) -> Result<ServedPage, PageError> {
    let mut translations = pages.translations(slug).await?;
    let available_langs: Vec<Lang> = translations.iter().map(|page| page.lang).collect();
    let chosen = [lang, Lang::DEFAULT]
        .iter()
        .find_map(|wanted| translations.iter().position(|page| page.lang == *wanted))
        .or_else(|| (!translations.is_empty()).then_some(0))
        .ok_or_else(|| PageError::NotFound(slug.clone()))?;
    Ok(ServedPage {
        page: translations.swap_remove(chosen),
        available_langs,
    })
}
