//! The content routes: thin handlers that parse, call one use case and render.

mod contact_view;
mod errors;
mod handlers;
mod params;
mod views;

pub use contact_view::{ContactAnswer, Hours, LanguageOffered, Phone};
pub use handlers::{ContactState, PagesState};
pub use views::{CallToAction, CtaKind, Faq, PageDocument, PageList, PageSummary, Section};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes, each with the state it needs and nothing more.
pub fn routes(pages: PagesState, contact: ContactState) -> OpenApiRouter {
    let pages = OpenApiRouter::new()
        .routes(routes!(handlers::list_pages))
        .routes(routes!(handlers::get_page))
        .with_state(pages);
    let contact = OpenApiRouter::new()
        .routes(routes!(handlers::get_contact))
        .with_state(contact);
    pages.merge(contact)
}
