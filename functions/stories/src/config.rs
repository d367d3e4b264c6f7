//! The stories function's settings and wiring from the environment (Lambda).

use std::sync::Arc;
use std::time::Duration;

use shared::aws::metrics::Metrics;
use shared::clock::SystemClock;
use shared::config::{self, ConfigError};
use shared::forms::captcha::{CaptchaVerifier, NoCaptcha, Turnstile};
use shared::forms::guard::FormGuardSettings;
use shared::forms::idempotency::DynamoIdempotencyStore;
use shared::forms::rate_limit::{DynamoRateLimitStore, RateLimitPolicy};
use shared::secret::SecretKey;

use crate::http::StoriesState;
use crate::store::DynamoStoryStore;

/// Tunable rules and the keys that sign and hash.
#[derive(Debug, Clone)]
pub struct StoriesSettings {
    /// Honeypot, time trap and rate limit (default 5 submissions per client per hour).
    pub form: FormGuardSettings,
    /// How long rejected and withdrawn stories are kept before deletion (default 30 days).
    pub retention: Duration,
    pub withdrawal_key: SecretKey,
}

impl StoriesSettings {
    pub const DEFAULT_RATE_LIMIT: RateLimitPolicy = RateLimitPolicy {
        limit: 5,
        window: Duration::from_secs(3600),
    };
    pub const DEFAULT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);

    /// Defaults with fresh random keys, as local runs and tests use.
    pub fn local() -> Self {
        Self {
            form: FormGuardSettings::local(Self::DEFAULT_RATE_LIMIT),
            retention: Self::DEFAULT_RETENTION,
            withdrawal_key: SecretKey::random(),
        }
    }

    /// `STORIES_RATE_LIMIT`, `STORIES_RATE_WINDOW_SECONDS`, `STORIES_RETENTION_DAYS`, the form
    /// settings of `FormGuardSettings::from_env`, and `WITHDRAWAL_TOKEN_KEY` (required in Lambda).
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            form: FormGuardSettings::from_env(
                "STORIES_RATE_LIMIT",
                "STORIES_RATE_WINDOW_SECONDS",
                Self::DEFAULT_RATE_LIMIT,
            )?,
            retention: Duration::from_secs(
                config::parsed_or("STORIES_RETENTION_DAYS", 30u64)? * 24 * 3600,
            ),
            withdrawal_key: SecretKey::from_env("WITHDRAWAL_TOKEN_KEY")?,
        })
    }
}

/// `CAPTCHA_PROVIDER=turnstile` (with `TURNSTILE_SECRET`, `TURNSTILE_SITE_KEY`) or `none`.
/// Lambda must say which, so that a missing setting never silently turns the CAPTCHA off.
pub fn captcha_from_env() -> Result<(Arc<dyn CaptchaVerifier>, Option<String>), ConfigError> {
    let provider = std::env::var("CAPTCHA_PROVIDER").unwrap_or_default();
    match provider.as_str() {
        "turnstile" => Ok((
            Arc::new(Turnstile::new(
                config::required("TURNSTILE_SECRET")?,
                std::env::var("TURNSTILE_ENDPOINT").ok(),
            )),
            Some(config::required("TURNSTILE_SITE_KEY")?),
        )),
        "none" => Ok((Arc::new(NoCaptcha), None)),
        "" if !shared::config::running_in_lambda() => Ok((Arc::new(NoCaptcha), None)),
        "" => Err(ConfigError::Missing("CAPTCHA_PROVIDER")),
        other => Err(ConfigError::Invalid {
            name: "CAPTCHA_PROVIDER",
            reason: format!("`{other}` is not `turnstile` or `none`"),
        }),
    }
}

/// The state on DynamoDB tables named by `STORIES_TABLE`, `RATE_LIMIT_TABLE`, `IDEMPOTENCY_TABLE`.
pub fn state_from_env(client: aws_sdk_dynamodb::Client) -> Result<StoriesState, ConfigError> {
    let (captcha, site_key) = captcha_from_env()?;
    Ok(StoriesState::new(
        Arc::new(DynamoStoryStore::new(
            client.clone(),
            config::required("STORIES_TABLE")?,
        )),
        Arc::new(DynamoRateLimitStore::new(
            client.clone(),
            config::required("RATE_LIMIT_TABLE")?,
        )),
        Arc::new(DynamoIdempotencyStore::new(
            client,
            config::required("IDEMPOTENCY_TABLE")?,
        )),
        StoriesSettings::from_env()?,
        captcha,
        site_key,
        Arc::new(SystemClock),
        Metrics::for_environment("stories"),
    ))
}
