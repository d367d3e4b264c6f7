//! The glossary function: NCI's Dictionary of Cancer Terms in English and Spanish, browsed A–Z,
//! searched (ranked, typo-tolerant) and suggested from an in-memory index.
//!
//! A library exposing its routes; `main.rs` runs them under Lambda and the local server mounts
//! the same routes.

pub mod domain;
pub mod http;
pub mod store;

pub use http::{routes, GlossaryState};
