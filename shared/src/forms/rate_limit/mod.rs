//! Per-client rate limits: a fixed-window counter per (scope, client pseudonym, window),
//! kept in DynamoDB with a TTL so that old windows delete themselves.

mod dynamo;
mod memory;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::http::client_address::ClientAddress;
use crate::http::problem::ApiError;
use crate::secret::SecretKey;
use crate::storage::{Lifetime, StorageError};

pub use dynamo::DynamoRateLimitStore;
pub use memory::MemoryRateLimitStore;

/// Counts hits per key.
#[async_trait]
pub trait RateLimitStore: Send + Sync + 'static {
    /// Adds one hit to `key` at `life.now` and returns the count including it. The counter
    /// lapses at `life.expires_at` (that of the counter's first hit).
    async fn hit(&self, key: &str, life: Lifetime) -> Result<u64, StorageError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitPolicy {
    pub limit: u64,
    pub window: Duration,
}

#[derive(Clone)]
pub struct RateLimiter {
    store: Arc<dyn RateLimitStore>,
    policy: RateLimitPolicy,
    key: SecretKey,
}

/// Counters outlive their window by this much before TTL may delete them.
const TTL_SLACK_SECONDS: i64 = 300;

impl RateLimiter {
    pub fn new(store: Arc<dyn RateLimitStore>, policy: RateLimitPolicy, key: SecretKey) -> Self {
        Self { store, policy, key }
    }

    pub fn policy(&self) -> RateLimitPolicy {
        self.policy
    }

    /// Counts one attempt by `client` in `scope`; past the limit, 429 with `Retry-After`.
    pub async fn check(
        &self,
        scope: &str,
        client: &ClientAddress,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let window = self.policy.window.as_secs().max(1) as i64;
        let window_start = now.timestamp().div_euclid(window) * window;
        let key = format!("{scope}#{}#{window_start}", client.pseudonym(&self.key));
        let expires_at = DateTime::from_timestamp(window_start + window + TTL_SLACK_SECONDS, 0)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let count = self.store.hit(&key, Lifetime::new(now, expires_at)).await?;
        if count > self.policy.limit {
            let retry_after = (window_start + window - now.timestamp()).max(1) as u64;
            return Err(ApiError::too_many_requests(retry_after));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limit_applies_per_client_and_window() {
        let limiter = RateLimiter::new(
            Arc::new(MemoryRateLimitStore::default()),
            RateLimitPolicy {
                limit: 2,
                window: Duration::from_secs(3600),
            },
            SecretKey::random(),
        );
        let alice = ClientAddress::new("198.51.100.1");
        let bob = ClientAddress::new("198.51.100.2");
        let now: DateTime<Utc> = "2026-11-27T10:15:00Z".parse().unwrap();
        assert!(limiter.check("stories", &alice, now).await.is_ok());
        assert!(limiter.check("stories", &alice, now).await.is_ok());
        let refused = limiter.check("stories", &alice, now).await.unwrap_err();
        assert_eq!(refused.problem().status, 429);
        let response = axum::response::IntoResponse::into_response(refused);
        assert_eq!(response.headers()["retry-after"], "2700", "until 11:00");
        assert!(
            limiter.check("stories", &bob, now).await.is_ok(),
            "another client"
        );
        assert!(
            limiter.check("community", &alice, now).await.is_ok(),
            "another scope"
        );
        let next_hour: DateTime<Utc> = "2026-11-27T11:00:00Z".parse().unwrap();
        assert!(
            limiter.check("stories", &alice, next_hour).await.is_ok(),
            "a new window"
        );
    }
}
