use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::RateLimitStore;
use crate::storage::{Lifetime, StorageError};

/// The embedded adapter: counters in process memory.
#[derive(Debug, Default)]
pub struct MemoryRateLimitStore {
    counters: Mutex<HashMap<String, (u64, DateTime<Utc>)>>,
}

#[async_trait]
impl RateLimitStore for MemoryRateLimitStore {
    async fn hit(&self, key: &str, life: Lifetime) -> Result<u64, StorageError> {
        let Lifetime { now, expires_at } = life;
        let mut counters = self.counters.lock().expect("lock poisoned");
        // Dropping expired windows keeps memory bounded, as TTL does in DynamoDB.
        counters.retain(|_, (_, expiry)| *expiry > now);
        let entry = counters.entry(key.to_owned()).or_insert((0, expires_at));
        entry.0 += 1;
        Ok(entry.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[tokio::test]
    async fn a_counter_lives_until_its_expiry_by_the_callers_clock() {
        let store = MemoryRateLimitStore::default();
        let expiry = at("2026-11-27T11:05:00Z");
        assert_eq!(
            store
                .hit("k", Lifetime::new(at("2026-11-27T10:00:00Z"), expiry))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .hit("k", Lifetime::new(at("2026-11-27T11:04:59Z"), expiry))
                .await
                .unwrap(),
            2
        );
        // Any wall-clock date: only the caller's `now` decides.
        assert_eq!(
            store
                .hit("k", Lifetime::new(at("2026-11-27T11:05:00Z"), expiry))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .hit("k", Lifetime::new(at("1999-01-01T00:00:00Z"), expiry))
                .await
                .unwrap(),
            2
        );
    }
}
