//! The community domain: who may join, the member's lifecycle, tokens, consents and emails.

pub mod confirmation;
pub mod consent;
pub mod interests;
pub mod member;
pub mod membership;
pub mod messages;
pub mod signup;
pub mod tokens;
