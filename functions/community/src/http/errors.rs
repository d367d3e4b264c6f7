//! The one mapping of the community use cases' errors to problem+json.

use shared::http::problem::FieldLocation;
use shared::ApiError;

use crate::app::CommunityError;

impl From<CommunityError> for ApiError {
    fn from(error: CommunityError) -> Self {
        match error {
            CommunityError::StaleConfirmation => ApiError::invalid_field(
                FieldLocation::Body,
                "token",
                "is invalid or expired; sign up again to get a new link",
            ),
            CommunityError::ForeignToken => ApiError::invalid_field(
                FieldLocation::Body,
                "token",
                "is not a link from one of our emails",
            ),
            CommunityError::Busy => ApiError::conflict(
                "busy",
                "The subscription is changing right now; please try again.",
            ),
            CommunityError::SignupContended => ApiError::unavailable(
                "Too many changes to this subscription at once; please try again in a moment.",
                error,
            ),
            CommunityError::Store(error) => error.into(),
        }
    }
}
