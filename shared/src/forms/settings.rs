//! The settings every form function reads alike, beside its own: one place for how they are
//! named in the environment and what local runs use.

use crate::config::{self, ConfigError};
use crate::forms::guard::FormGuardSettings;
use crate::forms::rate_limit::RateLimitPolicy;
use crate::forms::tables::FormTables;
use crate::http::HttpConfig;

#[derive(Debug, Clone)]
pub struct FormFunctionSettings {
    pub http: HttpConfig,
    /// The function's own table.
    pub table: String,
    /// The rate-limit and idempotency tables.
    pub form_tables: FormTables,
    /// Honeypot, time trap and rate limit.
    pub form: FormGuardSettings,
}

impl FormFunctionSettings {
    /// Local runs and tests: `http`, the local `table`, defaults and fresh random keys.
    pub fn local(http: HttpConfig, table: &str, rate_limit: RateLimitPolicy) -> Self {
        Self {
            http,
            table: table.to_owned(),
            form_tables: FormTables::local(),
            form: FormGuardSettings::local(rate_limit),
        }
    }

    /// The table named by `table_var`, `RATE_LIMIT_TABLE`, `IDEMPOTENCY_TABLE`, the rate limit
    /// from `limit_var` and `window_var` (else `default_rate_limit`), the rest of
    /// `FormGuardSettings::from_env` and the HTTP layer's variables.
    pub fn from_env(
        table_var: &'static str,
        limit_var: &'static str,
        window_var: &'static str,
        default_rate_limit: RateLimitPolicy,
    ) -> Result<Self, ConfigError> {
        Ok(Self {
            http: HttpConfig::from_env()?,
            table: config::required(table_var)?,
            form_tables: FormTables::from_env()?,
            form: FormGuardSettings::from_env(limit_var, window_var, default_rate_limit)?,
        })
    }
}
