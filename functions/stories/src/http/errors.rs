//! The one mapping of the stories use cases' errors to problem+json.

use shared::http::problem::{FieldError, FieldLocation};
use shared::ApiError;

use crate::app::StoryError;

impl From<StoryError> for ApiError {
    fn from(error: StoryError) -> Self {
        match error {
            StoryError::NotPublished => ApiError::not_found("No published story has this id."),
            StoryError::NotFound => ApiError::not_found("No story has this id."),
            StoryError::NotFoundWithToken => {
                // One answer whether the id or the token is wrong: neither is confirmed.
                ApiError::not_found("No story has this id and withdrawal token.").with_field(
                    FieldError::new(
                        FieldLocation::Header,
                        "Authorization",
                        "matches no story's withdrawal token",
                    ),
                )
            }
            StoryError::ChangedMeanwhile => ApiError::conflict(
                "story-changed",
                "The story changed while it was being withdrawn; please try again.",
            ),
            StoryError::Stale { current } => ApiError::conflict(
                "stale-version",
                format!("The story has changed since you loaded it (it is now at version {current} or later); reload it and decide again."),
            ),
            StoryError::NotAllowed(why) => ApiError::conflict("decision-not-allowed", why),
            StoryError::Invalid(violations) => violations.into(),
            StoryError::Store(error) => error.into(),
        }
    }
}
