//! The community function's settings and wiring from the environment (Lambda).

use std::sync::Arc;
use std::time::Duration;

use shared::clock::SystemClock;
use shared::config::{self, ConfigError};
use shared::form_guard::FormGuardSettings;
use shared::idempotency::DynamoIdempotencyStore;
use shared::metrics::Metrics;
use shared::rate_limit::{DynamoRateLimitStore, RateLimitPolicy};
use shared::secret::SecretKey;

use crate::http::CommunityState;
use crate::mail::SesMailer;
use crate::store::DynamoMemberStore;

#[derive(Debug, Clone)]
pub struct CommunitySettings {
    /// Honeypot, time trap and rate limit (default 10 signups per client per hour).
    pub form: FormGuardSettings,
    /// Keys the HMAC-SHA256 of addresses that names each record.
    pub email_hash_key: SecretKey,
    /// Derives the manage (unsubscribe, erasure) tokens.
    pub manage_token_key: SecretKey,
    /// The sender, an SES-verified identity in AWS.
    pub mail_from: String,
    /// The site, whose pages the emails link to (`/<lang>/community/confirm/`, `manage/`,
    /// `unsubscribe/`, `erase/`).
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
            form: FormGuardSettings::local(Self::DEFAULT_RATE_LIMIT),
            email_hash_key: SecretKey::random(),
            manage_token_key: SecretKey::random(),
            mail_from: "ImmunoCommunity <community@immunoguide.example>".to_owned(),
            // The local server serves the site itself and sets this to its own origin.
            frontend_base_url: "http://127.0.0.1:3000".to_owned(),
            api_base_url: "http://127.0.0.1:3000".to_owned(),
        }
    }

    /// `COMMUNITY_RATE_LIMIT`, `COMMUNITY_RATE_WINDOW_SECONDS`, the form settings of
    /// `FormGuardSettings::from_env`, `MAIL_FROM`, `FRONTEND_BASE_URL`, `API_BASE_URL`, and the
    /// keys `EMAIL_HASH_KEY`, `MANAGE_TOKEN_KEY` (required in Lambda).
    pub fn from_env() -> Result<Self, ConfigError> {
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
            form: FormGuardSettings::from_env(
                "COMMUNITY_RATE_LIMIT",
                "COMMUNITY_RATE_WINDOW_SECONDS",
                Self::DEFAULT_RATE_LIMIT,
            )?,
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
