//! CAPTCHA verification behind a port: Cloudflare Turnstile in production, off locally.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;

use crate::config::{self, ConfigError};
use crate::http::problem::{ApiError, FieldLocation};

#[async_trait]
pub trait CaptchaVerifier: Send + Sync + 'static {
    /// Ok when the token proves a person; a missing or refused token is a 400 naming `field`.
    async fn verify(&self, token: Option<&str>, field: &str) -> Result<(), ApiError>;
}

/// No CAPTCHA: for local runs and tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoCaptcha;

#[async_trait]
impl CaptchaVerifier for NoCaptcha {
    async fn verify(&self, _token: Option<&str>, _field: &str) -> Result<(), ApiError> {
        Ok(())
    }
}

/// Cloudflare Turnstile's siteverify API. The client address is not sent: it is not needed.
#[derive(Debug, Clone)]
pub struct Turnstile {
    secret: String,
    endpoint: String,
    http: reqwest::Client,
}

impl Turnstile {
    pub const ENDPOINT: &'static str = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

    pub fn new(secret: String, endpoint: Option<String>) -> Self {
        Self {
            secret,
            endpoint: endpoint.unwrap_or_else(|| Self::ENDPOINT.to_owned()),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(3))
                .build()
                .expect("a TLS client"),
        }
    }
}

#[derive(Deserialize)]
struct SiteVerify {
    success: bool,
}

#[async_trait]
impl CaptchaVerifier for Turnstile {
    async fn verify(&self, token: Option<&str>, field: &str) -> Result<(), ApiError> {
        let Some(token) = token.filter(|token| !token.is_empty() && token.len() <= 2048) else {
            return Err(ApiError::invalid_field(
                FieldLocation::Body,
                field,
                "is required",
            ));
        };
        let answer: SiteVerify = self
            .http
            .post(&self.endpoint)
            .form(&[("secret", self.secret.as_str()), ("response", token)])
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| {
                ApiError::unavailable("The CAPTCHA could not be checked; please try again.", error)
            })?
            .json()
            .await
            .map_err(|error| {
                ApiError::unavailable("The CAPTCHA could not be checked; please try again.", error)
            })?;
        if answer.success {
            Ok(())
        } else {
            Err(ApiError::invalid_field(
                FieldLocation::Body,
                field,
                "was not accepted; please complete the challenge again",
            ))
        }
    }
}

/// Which CAPTCHA a form shows: a setting read once, from which the verifier is built.
#[derive(Clone)]
pub enum CaptchaSettings {
    None,
    Turnstile {
        secret: String,
        site_key: String,
        /// The siteverify URL, for tests against a stand-in.
        endpoint: Option<String>,
    },
}

impl std::fmt::Debug for CaptchaSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The Turnstile secret never reaches a log.
        match self {
            Self::None => f.write_str("None"),
            Self::Turnstile { site_key, .. } => f
                .debug_struct("Turnstile")
                .field("site_key", site_key)
                .finish_non_exhaustive(),
        }
    }
}

impl CaptchaSettings {
    /// `CAPTCHA_PROVIDER=turnstile` (with `TURNSTILE_SECRET`, `TURNSTILE_SITE_KEY`) or `none`.
    /// Lambda must say which, so that a missing setting never silently turns the CAPTCHA off.
    pub fn from_env() -> Result<Self, ConfigError> {
        let provider = std::env::var("CAPTCHA_PROVIDER").unwrap_or_default();
        match provider.as_str() {
            "turnstile" => Ok(Self::Turnstile {
                secret: config::required("TURNSTILE_SECRET")?,
                site_key: config::required("TURNSTILE_SITE_KEY")?,
                endpoint: std::env::var("TURNSTILE_ENDPOINT").ok(),
            }),
            "none" => Ok(Self::None),
            "" if !config::running_in_lambda() => Ok(Self::None),
            "" => Err(ConfigError::Missing("CAPTCHA_PROVIDER")),
            other => Err(ConfigError::Invalid {
                name: "CAPTCHA_PROVIDER",
                reason: format!("`{other}` is not `turnstile` or `none`"),
            }),
        }
    }

    pub fn verifier(&self) -> Arc<dyn CaptchaVerifier> {
        match self {
            Self::None => Arc::new(NoCaptcha),
            Self::Turnstile {
                secret, endpoint, ..
            } => Arc::new(Turnstile::new(secret.clone(), endpoint.clone())),
        }
    }

    /// The key the form's widget needs, when there is a widget.
    pub fn site_key(&self) -> Option<&str> {
        match self {
            Self::None => None,
            Self::Turnstile { site_key, .. } => Some(site_key),
        }
    }
}
