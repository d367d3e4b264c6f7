//! One term, by its slug in either language or by its NCI id, in the language it can be served in.

use shared::http::lang::Lang;

use super::GlossaryError;
use crate::domain::{Term, TermKey};
use crate::store::TermReader;

/// A term and the language to show it in.
#[derive(Debug, Clone, PartialEq)]
pub struct ServedTerm {
    pub term: Term,
    /// `lang` as asked when the term has an entry in it, else English.
    pub lang: Lang,
}

pub async fn find_term(
    terms: &dyn TermReader,
    key: &TermKey,
    lang: Lang,
) -> Result<ServedTerm, GlossaryError> {
    let term = match key {
        TermKey::Id(id) => terms.by_id(*id).await?,
        TermKey::Slug(slug) => match terms.by_slug(lang, slug).await? {
            Some(term) => Some(term),
            // A slug from the other language still names the term (a shared link, a switch).
            None => {
                let other = Lang::ALL
                    .into_iter()
                    .find(|l| *l != lang)
                    .expect("two languages");
                terms.by_slug(other, slug).await?
            }
        },
    };
    let term = term.ok_or_else(|| GlossaryError::NotFound(key.clone()))?;
    let lang = if term.entry(lang).is_some() {
        lang
    } else {
        Lang::En
    };
    Ok(ServedTerm { term, lang })
}
