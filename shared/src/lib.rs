//! Cross-cutting concerns shared by every immunoguide function, each held once.
//!
//! This crate imports no function crate; function crates never import each other.

pub mod auth;
pub mod caching;
pub mod captcha;
pub mod client;
pub mod clock;
pub mod config;
pub mod dynamo;
pub mod email;
pub mod extract;
pub mod form_guard;
pub mod form_token;
pub mod http_stack;
pub mod idempotency;
pub mod lambda;
pub mod lang;
pub mod metrics;
pub mod pagination;
pub mod problem;
pub mod rate_limit;
pub mod request_id;
pub mod secret;
pub mod storage;
pub mod telemetry;

pub use problem::{ApiError, FieldError, Problem};
