//! Cross-cutting concerns shared by every immunoguide function, each held once.
//!
//! This crate imports no function crate; function crates never import each other.

pub mod caching;
pub mod clock;
pub mod config;
pub mod dynamo;
pub mod extract;
pub mod http_stack;
pub mod lambda;
pub mod lang;
pub mod problem;
pub mod request_id;
pub mod telemetry;

pub use problem::{ApiError, FieldError, Problem};
