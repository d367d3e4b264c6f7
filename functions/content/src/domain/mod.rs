//! The content domain: pages, their authored source, and the trial line.

mod contact;
mod page;
mod slug;
mod source;

pub use contact::{language_name, LineState, TrialLine, TRIAL_LINE};
pub use page::{CallToAction, CtaKind, Faq, Page, PageSummary, Section};
pub use slug::{Slug, SlugError};
pub use source::{load_pages, parse_page, SourceError};
