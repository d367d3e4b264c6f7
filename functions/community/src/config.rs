//! The community function's settings and wiring from the environment (Lambda).

use std::sync::Arc;
use std::time::Duration;

use shared::clock::SystemClock;
use shared::config::{self, ConfigError};
use shared::idempotency::DynamoIdempotencyStore;
use shared::metrics::Metrics;
use shared::rate_limit::{DynamoRateLimitStore, RateLimitPolicy};
use shared::secret::SecretKey;

use crate::http::CommunityState;
use crate::mail::SesMailer;
use crate::store::DynamoMemberStore;

#[derive(Debug, Clone)]
pub struct CommunitySettings {
    /// Signups per client address per window (default 10 per hour).
    pub rate_limit: RateLimitPolicy,
    pub form_min_age: Duration,
    pub form_max_age: Duration,
    pub form_token_key: SecretKey,
    pub client_address_key: SecretKey,
    /// Keys the HMAC-SHA256 of addresses that names each record.
    pub email_hash_key: SecretKey,
    /// Derives the manage (unsubscribe, erasure) tokens.
    pub manage_token_key: SecretKey,
    /// The sender, an SES-verified identity in AWS.
    pub mail_from: String,
    /// The frontend, whose pages the emails link to (`/community/confirm`, `/community/manage`).
    pub frontend_base_url: String,
    /// This API's public base URL, for the one-click unsubscribe link.
    pub api_base_url: String,
}

impl CommunitySettings {
    pub const DEFAULT_RATE_LIMIT: RateLimitPolicy = RateLimitPolicy {
        limit: 10,
        window: Duration::from_secs(3600),
    };

    /// Defaults with fresh random keys, as local runs and tests use.
    pub fn local() -> Self {
        Self {
            rate_limit: Self::DEFAULT_RATE_LIMIT,
            form_min_age: shared::form_token::FormTokens::DEFAULT_MIN_AGE,
            form_max_age: shared::form_token::FormTokens::DEFAULT_MAX_AGE,
            form_token_key: SecretKey::random(),
            client_address_key: SecretKey::random(),
            email_hash_key: SecretKey::random(),
            manage_token_key: SecretKey::random(),
            mail_from: "ImmunoCommunity <community@immunoguide.example>".to_owned(),
            frontend_base_url: "http://localhost:5173".to_owned(),
            api_base_url: "http://127.0.0.1:3000".to_owned(),
        }
    }

    /// `COMMUNITY_RATE_LIMIT`, `COMMUNITY_RATE_WINDOW_SECONDS`, `FORM_MIN_SECONDS`,
    /// `FORM_MAX_SECONDS`, `MAIL_FROM`, `FRONTEND_BASE_URL`, `API_BASE_URL`, and the keys
    /// `FORM_TOKEN_KEY`, `CLIENT_ADDRESS_KEY`, `EMAIL_HASH_KEY`, `MANAGE_TOKEN_KEY`.
    pub fn from_env() -> Result<Self, ConfigError> {
        let defaults = Self::local();
        let url = |name: &'static str| -> Result<String, ConfigError> {
            let value = config::required(name)?;
            if !(value.starts_with("https://") || value.starts_with("http://")) {
                return Err(ConfigError::Invalid {
                    name,
                    reason: "must be an http(s) URL".to_owned(),
                });
            }
            Ok(value.trim_end_matches('/').to_owned())
        };
        Ok(Self {
            rate_limit: RateLimitPolicy {
                limit: config::parsed_or("COMMUNITY_RATE_LIMIT", defaults.rate_limit.limit)?,
                window: Duration::from_secs(config::parsed_or(
                    "COMMUNITY_RATE_WINDOW_SECONDS",
                    defaults.rate_limit.window.as_secs(),
                )?),
            },
            form_min_age: Duration::from_secs(config::parsed_or(
                "FORM_MIN_SECONDS",
                defaults.form_min_age.as_secs(),
            )?),
            form_max_age: Duration::from_secs(config::parsed_or(
                "FORM_MAX_SECONDS",
                defaults.form_max_age.as_secs(),
            )?),
            form_token_key: SecretKey::from_env("FORM_TOKEN_KEY")?,
            client_address_key: SecretKey::from_env("CLIENT_ADDRESS_KEY")?,
            email_hash_key: SecretKey::from_env("EMAIL_HASH_KEY")?,
            manage_token_key: SecretKey::from_env("MANAGE_TOKEN_KEY")?,
            mail_from: config::required("MAIL_FROM")?,
            frontend_base_url: url("FRONTEND_BASE_URL")?,
            api_base_url: url("API_BASE_URL")?,
        })
    }
}

/// The state on DynamoDB tables named by `COMMUNITY_TABLE`, `RATE_LIMIT_TABLE`,
/// `IDEMPOTENCY_TABLE`, sending through SES.
pub fn state_from_env(
    dynamodb: aws_sdk_dynamodb::Client,
    ses: aws_sdk_sesv2::Client,
) -> Result<CommunityState, ConfigError> {
    Ok(CommunityState::new(
        Arc::new(DynamoMemberStore::new(
            dynamodb.clone(),
            config::required("COMMUNITY_TABLE")?,
        )),
        Arc::new(DynamoRateLimitStore::new(
            dynamodb.clone(),
            config::required("RATE_LIMIT_TABLE")?,
        )),
        Arc::new(DynamoIdempotencyStore::new(
            dynamodb,
            config::required("IDEMPOTENCY_TABLE")?,
        )),
        Arc::new(SesMailer::new(ses)),
        CommunitySettings::from_env()?,
        Arc::new(SystemClock),
        Metrics::for_environment("community"),
    ))
}
