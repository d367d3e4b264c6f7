//! The error every storage adapter reports, whatever the store.

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
