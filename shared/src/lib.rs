//! Cross-cutting concerns shared by every immunoguide function, each held once, in layers that
//! only ever import downwards:
//!
//! - leaves: [`clock`], [`config`], [`secret`], [`storage`] (the storage error, a record's
//!   `Lifetime`), [`telemetry`] — nothing of this crate;
//! - [`http`]: problem+json errors, extractors, language negotiation, caching, the HTTP stack,
//!   the OpenAPI answers routes share (`responses`, `problems!`);
//! - [`aws`]: the DynamoDB client and item mapping (keys, gets, queries, BatchGetItem with its
//!   retries), the Lambda runner, EMF metrics;
//! - [`forms`] (feature `forms`): what public forms need — the guard (honeypot, time trap, rate
//!   limit), form tokens, idempotency, CAPTCHA, email addresses, the guarded-POST pipeline, the
//!   form GET route (`form_route!`), the form functions' shared adapters (`FormAdapters`) and
//!   their OpenAPI pieces.
//!
//! This crate imports no function crate; function crates never import each other.

pub mod clock;
pub mod config;
pub mod secret;
pub mod storage;
pub mod telemetry;
pub mod text;

pub mod aws;
pub mod http;

#[cfg(feature = "forms")]
pub mod forms;

pub use http::problem::{ApiError, FieldError, Problem};
