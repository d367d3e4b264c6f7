use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Spend, SpentTokenStore};
use crate::storage::{Lifetime, StorageError};

/// The embedded adapter: spent marks in process memory, checked and set under one lock.
#[derive(Debug, Default)]
pub struct MemorySpentTokenStore {
    spent: Mutex<HashMap<String, DateTime<Utc>>>,
}

#[async_trait]
impl SpentTokenStore for MemorySpentTokenStore {
    async fn spend(&self, key: &str, life: Lifetime) -> Result<Spend, StorageError> {
        let Lifetime { now, expires_at } = life;
        let mut spent = self.spent.lock().expect("lock poisoned");
        // Dropping lapsed marks keeps memory bounded, as TTL does in DynamoDB.
        spent.retain(|_, expiry| *expiry > now);
        if spent.contains_key(key) {
            return Ok(Spend::AlreadySpent);
        }
        spent.insert(key.to_owned(), expires_at);
        Ok(Spend::Spent)
    }

    async fn unspend(&self, key: &str) -> Result<(), StorageError> {
        self.spent.lock().expect("lock poisoned").remove(key);
        Ok(())
    }
}
