//! The glossary use cases: plain functions over the ports they need, with one typed error.

mod answers;
mod indexes;
mod snapshot;
mod terms;

pub use answers::{browse, search, suggest, Browsed, Results, TermHit};
pub use indexes::{IndexStore, Indexes, Served, REFRESH};
pub use snapshot::{publish_snapshot, snapshot_parts, Published};
pub use terms::{find_term, ServedTerm};

use shared::storage::StorageError;

use crate::domain::TermKey;

#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("there is no glossary term `{0}`")]
    NotFound(TermKey),
    #[error(transparent)]
    Store(#[from] StorageError),
    /// Building an index panicked or was cancelled.
    #[error("the search index could not be built")]
    IndexBuild(#[source] tokio::task::JoinError),
}
