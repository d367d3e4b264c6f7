//! The glossary routes: thin handlers that parse, call one use case and render.

mod errors;
mod handlers;
mod params;
mod source;
mod term_view;
mod views;

pub use handlers::{IndexState, TermsState};
pub use params::{Letter, MatchParam};
pub use source::Source;
pub use term_view::{
    Audience, Definition, Dictionary, Media, MediaKind, NameInLang, RelatedKind, RelatedLink,
    RelatedTerm, TermDocument,
};
pub use views::{
    Highlight, LetterCount, MatchKind, Matched, MatchedField, SearchHit, SearchResults,
    Suggestions, TermList, TermSummary,
};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes, each with the state it needs and nothing more: the term route reads terms, the
/// others read only the search indexes.
pub fn routes(terms: TermsState, index: IndexState) -> OpenApiRouter {
    let terms = OpenApiRouter::new()
        .routes(routes!(handlers::get_term))
        .with_state(terms);
    let index = OpenApiRouter::new()
        .routes(routes!(handlers::list_terms))
        .routes(routes!(handlers::search))
        .routes(routes!(handlers::suggest))
        .with_state(index);
    terms.merge(index)
}
