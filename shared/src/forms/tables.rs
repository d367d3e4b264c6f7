//! The tables every form function shares with the others: rate-limit counters and stored
//! idempotent answers.

use std::sync::Arc;

use crate::config::{self, ConfigError};
use crate::forms::idempotency::{DynamoIdempotencyStore, IdempotencyStore, MemoryIdempotencyStore};
use crate::forms::rate_limit::{DynamoRateLimitStore, MemoryRateLimitStore, RateLimitStore};
use crate::forms::spent_tokens::{DynamoSpentTokenStore, MemorySpentTokenStore, SpentTokenStore};

/// The storage a form's guards run on.
#[derive(Clone)]
pub struct FormPorts {
    pub rate_limits: Arc<dyn RateLimitStore>,
    pub idempotency: Arc<dyn IdempotencyStore>,
    /// Spent form tokens (in the rate-limit table).
    pub spent_tokens: Arc<dyn SpentTokenStore>,
}

impl FormPorts {
    /// Fresh embedded stores, each its own.
    pub fn memory() -> Self {
        Self {
            rate_limits: Arc::new(MemoryRateLimitStore::default()),
            idempotency: Arc::new(MemoryIdempotencyStore::default()),
            spent_tokens: Arc::new(MemorySpentTokenStore::default()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct FormTables {
    /// `RATE_LIMIT_TABLE`: rate-limit counters and spent form tokens.
    pub rate_limits: String,
    /// `IDEMPOTENCY_TABLE`.
    pub idempotency: String,
}

impl FormTables {
    /// The names the local tables use.
    pub fn local() -> Self {
        Self {
            rate_limits: "immunoguide-rate-limits".to_owned(),
            idempotency: "immunoguide-idempotency".to_owned(),
        }
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            rate_limits: config::required("RATE_LIMIT_TABLE")?,
            idempotency: config::required("IDEMPOTENCY_TABLE")?,
        })
    }

    /// The DynamoDB adapters on these tables.
    pub fn dynamo(&self, client: &aws_sdk_dynamodb::Client) -> FormPorts {
        FormPorts {
            rate_limits: Arc::new(DynamoRateLimitStore::new(client.clone(), &self.rate_limits)),
            spent_tokens: Arc::new(DynamoSpentTokenStore::new(
                client.clone(),
                &self.rate_limits,
            )),
            idempotency: Arc::new(DynamoIdempotencyStore::new(
                client.clone(),
                &self.idempotency,
            )),
        }
    }
}
