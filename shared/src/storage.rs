//! The error every storage adapter reports, whatever the store.

use crate::problem::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the store could not be reached")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("a stored item is unreadable: {0}")]
    Corrupt(String),
}

impl StorageError {
    pub fn unavailable(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unavailable(Box::new(error))
    }
}

impl From<StorageError> for ApiError {
    /// An unreachable store is a 503 (the same request may work in a moment, and clients say
    /// "try again"); an unreadable item is our fault, a 500. Either cause is logged, not shown.
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Unavailable(_) => ApiError::unavailable(
                "The service cannot reach its data right now; please try again in a moment.",
                error,
            ),
            StorageError::Corrupt(_) => ApiError::internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[test]
    fn an_unreachable_store_is_503_and_a_corrupt_item_500() {
        let unreachable = StorageError::unavailable(std::io::Error::other("connection refused"));
        assert_eq!(ApiError::from(unreachable).into_response().status(), 503);
        let corrupt = StorageError::Corrupt("no body".to_owned());
        assert_eq!(ApiError::from(corrupt).into_response().status(), 500);
    }
}
