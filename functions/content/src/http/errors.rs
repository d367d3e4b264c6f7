//! The one mapping of the content use cases' errors to problem+json.

use shared::ApiError;

use crate::app::PageError;

impl From<PageError> for ApiError {
    fn from(error: PageError) -> Self {
        match error {
            PageError::NotFound(slug) => ApiError::not_found(format!("There is no page `{slug}`.")),
            PageError::Store(error) => error.into(),
        }
    }
}
