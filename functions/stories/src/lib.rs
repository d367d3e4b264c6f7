//! The stories function: "Share your story", moderated, withdrawable.
//!
//! A library exposing its routes; `main.rs` runs them under Lambda and the local server mounts
//! the same routes.

pub mod config;
pub mod domain;
pub mod http;
pub mod store;

pub use http::{routes, StoriesState};
