//! The members' accounts in the identity pool: deleting one removes its link to the identity
//! provider, so that signing in again starts a new account.

mod cognito;
mod memory;

use async_trait::async_trait;
pub use shared::storage::StorageError;

pub use cognito::CognitoAccounts;
pub use memory::MemoryAccounts;

#[async_trait]
pub trait AccountDirectory: Send + Sync + 'static {
    /// Deletes the account the pool names `username`; an account already gone counts as done.
    async fn delete(&self, username: &str) -> Result<(), StorageError>;
}
