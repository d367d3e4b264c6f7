//! The storage the content function needs, stated as capability-sized ports.

mod dynamo;
mod memory;

use async_trait::async_trait;
use shared::http::lang::Lang;
pub use shared::storage::StorageError as StoreError;

use crate::domain::{Page, PageSummary, Slug};

pub use dynamo::DynamoPageStore;
pub use memory::MemoryPageStore;

/// What the public routes read.
#[async_trait]
pub trait PageReader: Send + Sync + 'static {
    /// Summaries of every page in `lang`, ordered by slug.
    async fn list_pages(&self, lang: Lang) -> Result<Vec<PageSummary>, StoreError>;

    /// The page in every language it exists in, ordered by language.
    async fn translations(&self, slug: &Slug) -> Result<Vec<Page>, StoreError>;
}

/// What the seed command writes.
#[async_trait]
pub trait PageWriter: Send + Sync + 'static {
    /// Stores `page` unless an identical one is already stored.
    async fn put_page(&self, page: &Page) -> Result<PutOutcome, StoreError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Created,
    Updated,
    Unchanged,
}
