//! The glossary function's settings, read once from the environment at cold start.

use shared::aws::lambda::FunctionSettings;
use shared::config::{self, ConfigError};
use shared::http::HttpConfig;

#[derive(Debug, Clone)]
pub struct Settings {
    pub http: HttpConfig,
    /// The terms table (`GLOSSARY_TABLE`).
    pub table: String,
}

impl Settings {
    /// Local runs and tests: `http`, and the table name the local tables use.
    pub fn local(http: HttpConfig) -> Self {
        Self {
            http,
            table: "immunoguide-glossary".to_owned(),
        }
    }
}

impl FunctionSettings for Settings {
    /// `GLOSSARY_TABLE` and the HTTP layer's variables (`HttpConfig::from_env`).
    fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            http: HttpConfig::from_env()?,
            table: config::required("GLOSSARY_TABLE")?,
        })
    }

    fn http(&self) -> &HttpConfig {
        &self.http
    }
}
