use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Begin, Claim, IdempotencyStore, StoredResponse};
use crate::storage::StorageError;

#[derive(Debug, Clone)]
struct Record {
    fingerprint: String,
    response: Option<StoredResponse>,
    in_flight_until: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// The embedded adapter: records in process memory.
#[derive(Debug, Default)]
pub struct MemoryIdempotencyStore {
    records: Mutex<HashMap<String, Record>>,
}

#[async_trait]
impl IdempotencyStore for MemoryIdempotencyStore {
    async fn begin(&self, claim: Claim<'_>) -> Result<Begin, StorageError> {
        let Claim { key, now, .. } = claim;
        let mut records = self.records.lock().expect("lock poisoned");
        records.retain(|_, record| record.expires_at > now);
        if let Some(record) = records.get(key) {
            let live = record.response.is_some() || record.in_flight_until > now;
            if live {
                return Ok(if record.fingerprint != claim.fingerprint {
                    Begin::Mismatch
                } else if let Some(response) = &record.response {
                    Begin::Replay(response.clone())
                } else {
                    Begin::InFlight
                });
            }
        }
        records.insert(
            key.to_owned(),
            Record {
                fingerprint: claim.fingerprint.to_owned(),
                response: None,
                in_flight_until: claim.in_flight_until,
                expires_at: claim.expires_at,
            },
        );
        Ok(Begin::Proceed)
    }

    async fn complete(
        &self,
        claim: Claim<'_>,
        response: &StoredResponse,
    ) -> Result<(), StorageError> {
        let mut records = self.records.lock().expect("lock poisoned");
        records.insert(
            claim.key.to_owned(),
            Record {
                fingerprint: claim.fingerprint.to_owned(),
                response: Some(response.clone()),
                in_flight_until: claim.expires_at,
                expires_at: claim.expires_at,
            },
        );
        Ok(())
    }

    async fn release(&self, key: &str) -> Result<(), StorageError> {
        self.records.lock().expect("lock poisoned").remove(key);
        Ok(())
    }
}
