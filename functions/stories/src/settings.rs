//! The stories function's settings, read once from the environment at cold start.

use std::time::Duration;

use shared::aws::lambda::FunctionSettings;
use shared::config::{self, ConfigError};
use shared::forms::captcha::CaptchaSettings;
use shared::forms::rate_limit::RateLimitPolicy;
use shared::forms::settings::FormFunctionSettings;
use shared::http::member::MemberAudience;
use shared::http::HttpConfig;
use shared::secret::SecretKey;

#[derive(Debug, Clone)]
pub struct Settings {
    /// The HTTP layer, the stories table (`STORIES_TABLE`), the form tables, and the guard
    /// (default rate limit: 5 submissions per client per hour).
    pub common: FormFunctionSettings,
    /// How long rejected and withdrawn stories are kept before deletion (default 30 days).
    pub retention: Duration,
    /// How long a story waits for a moderator before it is deleted unread (default 90 days):
    /// health stories are not kept indefinitely because no one got to them.
    pub unreviewed_retention: Duration,
    pub withdrawal_key: SecretKey,
    pub captcha: CaptchaSettings,
    /// Whose tokens the `/v1/me/stories` routes accept.
    pub members: MemberAudience,
}

impl Settings {
    pub const DEFAULT_RATE_LIMIT: RateLimitPolicy = RateLimitPolicy {
        limit: 5,
        window: Duration::from_secs(3600),
    };
    pub const DEFAULT_RETENTION: Duration = Duration::from_secs(30 * 24 * 3600);
    pub const DEFAULT_UNREVIEWED_RETENTION: Duration = Duration::from_secs(90 * 24 * 3600);

    /// Local runs and tests: `http`, defaults, fresh random keys, no CAPTCHA.
    pub fn local(http: HttpConfig) -> Self {
        Self {
            common: FormFunctionSettings::local(
                http,
                "immunoguide-stories",
                Self::DEFAULT_RATE_LIMIT,
            ),
            retention: Self::DEFAULT_RETENTION,
            unreviewed_retention: Self::DEFAULT_UNREVIEWED_RETENTION,
            withdrawal_key: SecretKey::random(),
            captcha: CaptchaSettings::None,
            members: MemberAudience::local(),
        }
    }
}

impl FunctionSettings for Settings {
    /// `STORIES_TABLE`, `RATE_LIMIT_TABLE`, `IDEMPOTENCY_TABLE`; `STORIES_RATE_LIMIT`,
    /// `STORIES_RATE_WINDOW_SECONDS`, `STORIES_RETENTION_DAYS`,
    /// `STORIES_UNREVIEWED_RETENTION_DAYS`, the form settings of
    /// `FormGuardSettings::from_env`, `WITHDRAWAL_TOKEN_KEY` (required in Lambda), the CAPTCHA
    /// of `CaptchaSettings::from_env`, `MEMBERS_ISSUER` and `MEMBERS_CLIENT_ID` (required in
    /// Lambda) and the HTTP layer's variables.
    fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            common: FormFunctionSettings::from_env(
                "STORIES_TABLE",
                "STORIES_RATE_LIMIT",
                "STORIES_RATE_WINDOW_SECONDS",
                Self::DEFAULT_RATE_LIMIT,
            )?,
            retention: Duration::from_secs(
                config::parsed_or("STORIES_RETENTION_DAYS", 30u64)? * 24 * 3600,
            ),
            unreviewed_retention: Duration::from_secs(
                config::parsed_or("STORIES_UNREVIEWED_RETENTION_DAYS", 90u64)? * 24 * 3600,
            ),
            withdrawal_key: SecretKey::from_env("WITHDRAWAL_TOKEN_KEY")?,
            captcha: CaptchaSettings::from_env()?,
            members: MemberAudience::from_env()?,
        })
    }

    fn http(&self) -> &HttpConfig {
        &self.common.http
    }
}
