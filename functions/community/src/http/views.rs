//! What the community routes answer with.

use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use crate::domain::interests;

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupForm {
    pub lang: Lang,
    // Built by the form route from the domain's list as it is; `Interest` gives its schema.
    #[schema(value_type = Vec<Interest>)]
    pub interests: Vec<interests::Interest>,
    pub consent: ConsentInfo,
    /// Deprecated: the first name is no longer asked for (it is never stored).
    #[schema(deprecated)]
    pub first_name_max: usize,
    #[serde(flatten)]
    pub guard: FormGuardView,
}

pub use shared::forms::form_route::FormGuardView;

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

// An interest as the form shows it: the domain's, under its schema name (no doc comment: it
// would enter the OpenAPI document).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Interest {
    pub code: &'static str,
    pub label: &'static str,
}

impl From<&interests::Interest> for Interest {
    fn from(interest: &interests::Interest) -> Self {
        Self {
            code: interest.code,
            label: interest.label,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interests_serialize_as_their_schema_says() {
        for lang in Lang::ALL {
            for interest in interests::labelled(lang) {
                assert_eq!(
                    serde_json::to_value(&interest).unwrap(),
                    serde_json::to_value(Interest::from(&interest)).unwrap()
                );
            }
        }
    }
}
