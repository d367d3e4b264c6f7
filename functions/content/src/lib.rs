//! The content function: pages in English and Spanish, and the trial line.
//!
//! A library exposing its routes; `main.rs` runs them under Lambda and the local server mounts
//! the same routes.

pub mod domain;
pub mod http;
pub mod store;

pub use http::{routes, ContentState};
