//! The embedded account directory: the local server and the tests, where no pool exists.

use std::collections::BTreeSet;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{AccountDirectory, StorageError};

/// Remembers which accounts were deleted, so that tests can see it.
#[derive(Debug, Default)]
pub struct MemoryAccounts {
    deleted: Mutex<BTreeSet<String>>,
}

impl MemoryAccounts {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_deleted(&self, username: &str) -> bool {
        self.deleted
            .lock()
            .expect("lock poisoned")
            .contains(username)
    }
}

#[async_trait]
impl AccountDirectory for MemoryAccounts {
    async fn delete(&self, username: &str) -> Result<(), StorageError> {
        self.deleted
            .lock()
            .expect("lock poisoned")
            .insert(username.to_owned());
        Ok(())
    }
}
