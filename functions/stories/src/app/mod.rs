//! The stories use cases: plain functions over the ports they need, with typed errors.

mod change;
mod mine;
mod read;
mod submit;

pub use change::{decide, withdraw};
pub use mine::{let_go_of_mine, my_stories, withdraw_mine};
pub use read::{moderation_view, published, published_story, queue};
pub use submit::{submit_story, Submitted};

use shared::forms::violations::Violations;
use shared::storage::StorageError;

use crate::domain::decision::DecisionError;

#[derive(Debug, thiserror::Error)]
pub enum StoryError {
    #[error("no published story has this id")]
    NotPublished,
    #[error("no story has this id")]
    NotFound,
    /// Unknown id, or a token that is not the story's: the caller cannot tell which.
    #[error("no story has this id and withdrawal token")]
    NotFoundWithToken,
    #[error("the story changed while it was being withdrawn")]
    ChangedMeanwhile,
    #[error("the story has changed since it was loaded (now at version {current} or later)")]
    Stale { current: u32 },
    #[error("{0}")]
    NotAllowed(String),
    #[error("a field is invalid")]
    Invalid(Violations),
    #[error(transparent)]
    Store(#[from] StorageError),
}

impl From<DecisionError> for StoryError {
    fn from(error: DecisionError) -> Self {
        match error {
            DecisionError::Stale { current } => Self::Stale { current },
            DecisionError::NotAllowed(why) => Self::NotAllowed(why),
            DecisionError::Invalid(violations) => Self::Invalid(violations),
        }
    }
}
