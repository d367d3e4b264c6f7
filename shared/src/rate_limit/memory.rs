use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::RateLimitStore;
use crate::storage::StorageError;

/// The embedded adapter: counters in process memory.
#[derive(Debug, Default)]
pub struct MemoryRateLimitStore {
    counters: Mutex<HashMap<String, (u64, i64)>>,
}

#[async_trait]
impl RateLimitStore for MemoryRateLimitStore {
    async fn hit(&self, key: &str, expires_at: i64) -> Result<u64, StorageError> {
        let mut counters = self.counters.lock().expect("lock poisoned");
        let now = chrono::Utc::now().timestamp();
        // Dropping expired windows keeps memory bounded, as TTL does in DynamoDB.
        counters.retain(|_, (_, expiry)| *expiry > now);
        let entry = counters.entry(key.to_owned()).or_insert((0, expires_at));
        entry.0 += 1;
        Ok(entry.0)
    }
}
