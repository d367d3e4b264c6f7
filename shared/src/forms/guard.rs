//! The abuse checks every public form shares: a honeypot field, the time trap (a signed form
//! token, good for one accepted submission) and a per-client rate limit.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{self, ConfigError};
use crate::forms::rate_limit::{RateLimitPolicy, RateLimitStore, RateLimiter};
use crate::forms::spent_tokens::{Spend, SpentTokenStore};
use crate::forms::token::{CheckedToken, FormTokenError, FormTokens};
use crate::http::client_address::ClientAddress;
use crate::http::problem::{ApiError, FieldLocation};
use crate::secret::SecretKey;
use crate::storage::Lifetime;

/// The field a form hides from people; only bots fill it in.
pub const HONEYPOT_FIELD: &str = "website";
/// The field that carries the form token back.
pub const FORM_TOKEN_FIELD: &str = "form_token";

#[derive(Debug, Clone)]
pub struct FormGuardSettings {
    /// Submissions per client address per window.
    pub rate_limit: RateLimitPolicy,
    pub min_age: Duration,
    pub max_age: Duration,
    pub form_token_key: SecretKey,
    pub client_address_key: SecretKey,
}

impl FormGuardSettings {
    /// Default ages and fresh random keys, as local runs and tests use.
    pub fn local(rate_limit: RateLimitPolicy) -> Self {
        Self {
            rate_limit,
            min_age: FormTokens::DEFAULT_MIN_AGE,
            max_age: FormTokens::DEFAULT_MAX_AGE,
            form_token_key: SecretKey::random(),
            client_address_key: SecretKey::random(),
        }
    }

    /// The rate limit from `limit_var` and `window_var`; `FORM_MIN_SECONDS`, `FORM_MAX_SECONDS`;
    /// the keys `FORM_TOKEN_KEY` and `CLIENT_ADDRESS_KEY` (required in Lambda).
    pub fn from_env(
        limit_var: &'static str,
        window_var: &'static str,
        default_rate_limit: RateLimitPolicy,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            rate_limit: RateLimitPolicy {
                limit: config::parsed_or(limit_var, default_rate_limit.limit)?,
                window: Duration::from_secs(config::parsed_or(
                    window_var,
                    default_rate_limit.window.as_secs(),
                )?),
            },
            min_age: Duration::from_secs(config::parsed_or(
                "FORM_MIN_SECONDS",
                FormTokens::DEFAULT_MIN_AGE.as_secs(),
            )?),
            max_age: Duration::from_secs(config::parsed_or(
                "FORM_MAX_SECONDS",
                FormTokens::DEFAULT_MAX_AGE.as_secs(),
            )?),
            form_token_key: SecretKey::from_env("FORM_TOKEN_KEY")?,
            client_address_key: SecretKey::from_env("CLIENT_ADDRESS_KEY")?,
        })
    }
}

/// A freshly issued form token and its validity window, as a form route shows them.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub min_seconds: u64,
    pub max_seconds: u64,
}

#[derive(Clone)]
pub struct FormGuard {
    /// Binds tokens and rate limits to one form (`stories`, `community`).
    purpose: &'static str,
    tokens: FormTokens,
    spent: Arc<dyn SpentTokenStore>,
    rate_limiter: RateLimiter,
}

impl FormGuard {
    pub fn new(
        purpose: &'static str,
        settings: FormGuardSettings,
        counters: Arc<dyn RateLimitStore>,
        spent: Arc<dyn SpentTokenStore>,
    ) -> Self {
        let mut tokens = FormTokens::new(settings.form_token_key);
        tokens.min_age = settings.min_age;
        tokens.max_age = settings.max_age;
        Self {
            purpose,
            tokens,
            spent,
            rate_limiter: RateLimiter::new(
                counters,
                settings.rate_limit,
                settings.client_address_key,
            ),
        }
    }

    /// The form this guard serves: it scopes tokens, rate limits and idempotency keys.
    pub fn purpose(&self) -> &'static str {
        self.purpose
    }

    pub fn issue(&self, now: DateTime<Utc>) -> IssuedToken {
        IssuedToken {
            token: self.tokens.issue(self.purpose, now),
            min_seconds: self.tokens.min_age.as_secs(),
            max_seconds: self.tokens.max_age.as_secs(),
        }
    }

    /// The honeypot must be absent or blank.
    pub fn check_honeypot(&self, value: Option<&str>) -> Result<(), ApiError> {
        match value.is_some_and(|value| !value.trim().is_empty()) {
            true => Err(ApiError::invalid_field(
                FieldLocation::Body,
                HONEYPOT_FIELD,
                "must be left empty",
            )),
            false => Ok(()),
        }
    }

    /// The time trap: the token must be this form's, neither too fresh nor too old.
    pub fn check_token(&self, token: &str, now: DateTime<Utc>) -> Result<CheckedToken, ApiError> {
        self.tokens
            .check(token, self.purpose, now)
            .map_err(token_error)
    }

    /// Spends a checked token: a token already spent is a 400 naming the token field. The
    /// mark lives no longer than the token would (its TTL is the token's expiry).
    pub async fn spend_token(
        &self,
        token: &CheckedToken,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        match self
            .spent
            .spend(&self.spent_key(token), Lifetime::new(now, token.expires_at))
            .await?
        {
            Spend::Spent => Ok(()),
            Spend::AlreadySpent => Err(token_error(FormTokenError::Used)),
        }
    }

    /// Gives a spent token back, when the submission it was spent on was not accepted.
    pub async fn unspend_token(&self, token: &CheckedToken) -> Result<(), ApiError> {
        Ok(self.spent.unspend(&self.spent_key(token)).await?)
    }

    /// Keys start with the form's purpose, as every key of the shared tables does.
    fn spent_key(&self, token: &CheckedToken) -> String {
        format!("{}#form-token#{}", self.purpose, token.id)
    }

    /// Counts one submission by `client`; past the limit, 429 with `Retry-After`.
    pub async fn check_rate(
        &self,
        client: &ClientAddress,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        self.rate_limiter.check(self.purpose, client, now).await
    }
}

fn token_error(error: FormTokenError) -> ApiError {
    ApiError::invalid_field(FieldLocation::Body, FORM_TOKEN_FIELD, error.to_string())
}
