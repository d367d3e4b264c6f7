//! Single-use form tokens: a token whose submission was accepted is recorded as spent until it
//! would have expired anyway, so that one loaded form makes at most one accepted submission.

mod dynamo;
mod memory;

use async_trait::async_trait;

use crate::storage::{Lifetime, StorageError};

pub use dynamo::DynamoSpentTokenStore;
pub use memory::MemorySpentTokenStore;

/// What spending a token found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spend {
    /// It was unspent and now is spent: the caller may go on.
    Spent,
    /// Another request spent it first.
    AlreadySpent,
}

#[async_trait]
pub trait SpentTokenStore: Send + Sync + 'static {
    /// Marks `key` spent, atomically: of racing calls for one key exactly one gets
    /// `Spend::Spent`. The mark lapses at `life.expires_at` (the token's own expiry, after which
    /// the time trap refuses it anyway); a lapsed mark counts as absent.
    async fn spend(&self, key: &str, life: Lifetime) -> Result<Spend, StorageError>;

    /// Makes `key` unspent again: the request that spent it was refused, so it achieved nothing
    /// and the person may submit the form again.
    async fn unspend(&self, key: &str) -> Result<(), StorageError>;
}
