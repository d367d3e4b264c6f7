//! What the public forms (stories, community) need, behind the `forms` feature so that the
//! read-only functions link none of it.

pub mod adapters;
pub mod captcha;
pub mod email;
pub mod form_route;
pub mod guard;
pub mod idempotency;
pub mod openapi;
pub mod pipeline;
pub mod rate_limit;
pub mod settings;
pub mod spent_tokens;
pub mod tables;
pub mod token;
pub mod violations;
