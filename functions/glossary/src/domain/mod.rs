//! The glossary domain: terms, and the search index built from them.

mod bigram;
mod derived;
pub mod fold;
mod fuzzy;
mod index;
mod popularity;
mod query;
pub mod ranking;
mod slug;
mod snapshot;
mod term;

pub use fuzzy::table_distance;
pub use index::{IndexSource, LangIndex, LETTERS};
pub use query::{
    is_plural, question_subject, singular, stop_words, Hit, MatchMode, Page, RELAX_BELOW,
    SUGGEST_RELAX_BELOW,
};
pub use ranking::{typo_budget, MatchKind};
pub use slug::{slugify, TermKey, TermKeyError};
pub use snapshot::{format as snapshot_format, Definitions, Snapshot, SnapshotError};
pub use term::{
    Audience, Definition, Dictionary, Entry, Media, MediaKind, NameInLang, Related, RelatedKind,
    Term,
};

impl Term {
    /// What the search index needs of this term in `lang`, if it is published in `lang`.
    pub fn index_source(&self, lang: shared::http::lang::Lang) -> Option<IndexSource> {
        let entry = self.entry(lang)?;
        Some(IndexSource {
            id: self.id,
            name: entry.name.clone(),
            slug: entry.slug.clone(),
            aliases: entry.aliases.clone(),
            definition: entry.primary_definition().map(|d| d.text.clone()),
        })
    }
}
