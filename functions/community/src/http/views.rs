//! What the community routes answer with.

use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use crate::domain::interests::Interest;

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupForm {
    pub lang: Lang,
    pub interests: Vec<Interest>,
    pub consent: ConsentInfo,
    pub first_name_max: usize,
    /// A field to render hidden from people and send empty.
    pub honeypot_field: &'static str,
    /// Send this back as `form_token`.
    pub form_token: String,
    pub form_token_min_seconds: u64,
    pub form_token_max_seconds: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentInfo {
    /// Send this back as `consent_version`.
    pub version: &'static str,
    pub text: &'static str,
}

/// The one answer to every accepted signup, whatever the address's state.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignupAccepted {
    /// Always `accepted`.
    pub status: &'static str,
    pub message: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipChanged {
    /// `confirmed`, `unsubscribed` or `erased`.
    pub status: &'static str,
}
