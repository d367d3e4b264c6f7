//! The one mapping of the glossary use cases' errors to problem+json.

use shared::ApiError;

use crate::app::GlossaryError;

impl From<GlossaryError> for ApiError {
    fn from(error: GlossaryError) -> Self {
        match error {
            GlossaryError::NotFound(key) => {
                ApiError::not_found(format!("There is no glossary term `{key}`."))
            }
            GlossaryError::Store(error) => error.into(),
            GlossaryError::IndexBuild(error) => ApiError::internal(error),
        }
    }
}
