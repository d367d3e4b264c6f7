//! The settings of the HTTP layer every function shares.

use std::time::Duration;

use axum::http::HeaderValue;

use super::client_address::TrustedCdn;
use crate::config::{parsed_or, ConfigError};

/// Settings of the HTTP layer every function shares.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins allowed to call the API from a browser (CORS).
    pub allowed_origins: Vec<HeaderValue>,
    /// The largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// How long a request may take before it is answered with 503.
    pub request_timeout: Duration,
    /// Set when the stack puts CloudFront in front of the API (`CDN_ORIGIN_SECRET`): requests
    /// carrying the secret are attributed to the viewer address CloudFront saw.
    pub trusted_cdn: Option<TrustedCdn>,
}

impl HttpConfig {
    pub const DEFAULT_BODY_LIMIT_BYTES: usize = 64 * 1024;
    /// Below the Lambda timeout, so that a slow request is answered rather than cut off.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(8);

    /// `ALLOWED_ORIGINS` (comma-separated), `BODY_LIMIT_BYTES`, `REQUEST_TIMEOUT_MS`,
    /// `CDN_ORIGIN_SECRET` (optional).
    pub fn from_env() -> Result<Self, ConfigError> {
        let origins = std::env::var("ALLOWED_ORIGINS").unwrap_or_default();
        Ok(Self {
            allowed_origins: parse_origins(&origins).map_err(|reason| ConfigError::Invalid {
                name: "ALLOWED_ORIGINS",
                reason,
            })?,
            body_limit_bytes: parsed_or("BODY_LIMIT_BYTES", Self::DEFAULT_BODY_LIMIT_BYTES)?,
            request_timeout: Duration::from_millis(parsed_or(
                "REQUEST_TIMEOUT_MS",
                Self::DEFAULT_TIMEOUT.as_millis() as u64,
            )?),
            trusted_cdn: match std::env::var("CDN_ORIGIN_SECRET") {
                Ok(secret) if !secret.is_empty() => {
                    Some(TrustedCdn::new(secret.as_bytes()).map_err(|reason| {
                        ConfigError::Invalid {
                            name: "CDN_ORIGIN_SECRET",
                            reason,
                        }
                    })?)
                }
                _ => None,
            },
        })
    }

    pub fn with_origins(origins: Vec<HeaderValue>) -> Self {
        Self {
            allowed_origins: origins,
            body_limit_bytes: Self::DEFAULT_BODY_LIMIT_BYTES,
            request_timeout: Self::DEFAULT_TIMEOUT,
            trusted_cdn: None,
        }
    }
}

/// Parses a comma-separated list of exact origins (`scheme://host[:port]`); no wildcards, since
/// the API is only for the site's own frontends.
pub fn parse_origins(list: &str) -> Result<Vec<HeaderValue>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .ok_or_else(|| format!("`{origin}` must start with https:// or http://"))?;
            if rest.is_empty() || rest.contains(['/', '*', ' ', '?', '#']) {
                return Err(format!(
                    "`{origin}` must be scheme://host[:port], without a path or wildcard"
                ));
            }
            HeaderValue::from_str(origin).map_err(|_| format!("`{origin}` is not a valid origin"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact_scheme_host_port() {
        let origins = parse_origins(" https://immunoguide.org, http://localhost:5173 ,").unwrap();
        assert_eq!(
            origins,
            vec!["https://immunoguide.org", "http://localhost:5173"]
        );
        for bad in [
            "immunoguide.org",
            "https://*.example.org",
            "https://site.org/",
            "ftp://x",
        ] {
            assert!(parse_origins(bad).is_err(), "{bad}");
        }
        assert!(parse_origins("").unwrap().is_empty());
    }
}
