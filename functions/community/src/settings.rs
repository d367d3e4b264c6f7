//! The community function's settings, read once from the environment at cold start.

use std::time::Duration;

use shared::aws::lambda::FunctionSettings;
use shared::config::{self, ConfigError};
use shared::forms::captcha::CaptchaSettings;
use shared::forms::rate_limit::RateLimitPolicy;
use shared::forms::settings::FormFunctionSettings;
use shared::http::member::MemberAudience;
use shared::http::HttpConfig;
use shared::secret::SecretKey;

use crate::domain::tokens::TokenKeys;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The HTTP layer, the members table (`COMMUNITY_TABLE`), the form tables, and the guard
    /// (default rate limit: 10 signups per client per hour).
    pub common: FormFunctionSettings,
    /// Keys the HMAC-SHA256 of addresses that names each record.
    pub email_hash_key: SecretKey,
    /// Sign the unsubscribe and erasure tokens and seal the confirmation links (under a key
    /// derived from each): `MANAGE_TOKEN_KEY` holds one key, or several separated by commas,
    /// newest first (the first signs, all verify: links in emails already sent keep working
    /// while a key rotates).
    pub manage_token_keys: TokenKeys,
    /// The sender, an SES-verified identity in AWS.
    pub mail_from: String,
    /// The site, whose pages the emails link to (`/<lang>/community/confirm/`, `manage/`,
    /// `unsubscribe/`, `erase/`).
    pub frontend_base_url: String,
    /// This API's public base URL, for the one-click unsubscribe link.
    pub api_base_url: String,
    /// Emails the function may send in one UTC day, to all addresses together
    /// (`MAIL_DAILY_BUDGET`); past it, signups are stored but not mailed, and alarmed.
    pub mail_per_day: u64,
    /// The signup form's CAPTCHA: the same variables as the stories form's
    /// (`CaptchaSettings::from_env`), in this function's own environment.
    pub captcha: CaptchaSettings,
    /// Whose tokens the `/v1/me` routes accept.
    pub members: MemberAudience,
    /// The members' Cognito pool, whose accounts `DELETE /v1/me` deletes
    /// (`MEMBERS_USER_POOL_ID`, required in Lambda); `None` locally (an embedded directory).
    pub members_user_pool_id: Option<String>,
}

impl Settings {
    /// SES's sandbox sends 200 a day; a production account's quota is far above this.
    pub const DEFAULT_MAIL_PER_DAY: u64 = 2000;

    pub const DEFAULT_RATE_LIMIT: RateLimitPolicy = RateLimitPolicy {
        limit: 10,
        window: Duration::from_secs(3600),
    };

    /// Local runs and tests: `http`, defaults and fresh random keys.
    pub fn local(http: HttpConfig) -> Self {
        Self {
            common: FormFunctionSettings::local(
                http,
                "immunoguide-community",
                Self::DEFAULT_RATE_LIMIT,
            ),
            email_hash_key: SecretKey::random(),
            manage_token_keys: TokenKeys::new(SecretKey::random(), Vec::new()),
            mail_from: "ImmunoCommunity <community@immunoguide.example>".to_owned(),
            // The local server serves the site itself and sets this to its own origin.
            frontend_base_url: "http://127.0.0.1:3000".to_owned(),
            api_base_url: "http://127.0.0.1:3000".to_owned(),
            mail_per_day: Self::DEFAULT_MAIL_PER_DAY,
            captcha: CaptchaSettings::None,
            members: MemberAudience::local(),
            members_user_pool_id: None,
        }
    }
}

/// A required http(s) URL, without a trailing slash.
fn url(name: &'static str) -> Result<String, ConfigError> {
    let value = config::required(name)?;
    if !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err(ConfigError::Invalid {
            name,
            reason: "must be an http(s) URL".to_owned(),
        });
    }
    Ok(value.trim_end_matches('/').to_owned())
}

impl FunctionSettings for Settings {
    /// `COMMUNITY_TABLE`, `RATE_LIMIT_TABLE`, `IDEMPOTENCY_TABLE`; `COMMUNITY_RATE_LIMIT`,
    /// `COMMUNITY_RATE_WINDOW_SECONDS`, the form settings of `FormGuardSettings::from_env`,
    /// `MAIL_FROM`, `FRONTEND_BASE_URL`, `API_BASE_URL`, `MAIL_DAILY_BUDGET`, the keys `EMAIL_HASH_KEY`,
    /// `MANAGE_TOKEN_KEY` (required in Lambda), the CAPTCHA of `CaptchaSettings::from_env`,
    /// `MEMBERS_ISSUER`, `MEMBERS_CLIENT_ID`, `MEMBERS_USER_POOL_ID` (required in Lambda) and
    /// the HTTP layer's variables.
    fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            common: FormFunctionSettings::from_env(
                "COMMUNITY_TABLE",
                "COMMUNITY_RATE_LIMIT",
                "COMMUNITY_RATE_WINDOW_SECONDS",
                Self::DEFAULT_RATE_LIMIT,
            )?,
            email_hash_key: SecretKey::from_env("EMAIL_HASH_KEY")?,
            manage_token_keys: token_keys_from_env("MANAGE_TOKEN_KEY")?,
            mail_from: config::required("MAIL_FROM")?,
            frontend_base_url: url("FRONTEND_BASE_URL")?,
            api_base_url: url("API_BASE_URL")?,
            mail_per_day: config::parsed_or("MAIL_DAILY_BUDGET", Self::DEFAULT_MAIL_PER_DAY)?,
            captcha: CaptchaSettings::from_env()?,
            members: MemberAudience::from_env()?,
            members_user_pool_id: match config::running_in_lambda() {
                true => Some(config::required("MEMBERS_USER_POOL_ID")?),
                false => std::env::var("MEMBERS_USER_POOL_ID").ok(),
            },
        })
    }

    fn http(&self) -> &HttpConfig {
        &self.common.http
    }
}

/// A key ring from `name`: keys separated by commas, newest first; one random key locally
/// when unset (as `SecretKey::from_env`).
fn token_keys_from_env(name: &'static str) -> Result<TokenKeys, ConfigError> {
    let value = std::env::var(name).unwrap_or_default();
    if !value.contains(',') {
        // One key or none: read as every other key is (random locally, required in Lambda).
        return Ok(TokenKeys::new(SecretKey::from_env(name)?, Vec::new()));
    }
    let mut keys = value.split(',').map(|key| {
        SecretKey::from_bytes(key.trim().as_bytes())
            .map_err(|reason| ConfigError::Invalid { name, reason })
    });
    let current = keys.next().expect("split yields one")?;
    Ok(TokenKeys::new(current, keys.collect::<Result<_, _>>()?))
}
