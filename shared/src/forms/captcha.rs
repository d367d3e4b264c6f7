//! CAPTCHA verification behind a port: Cloudflare Turnstile in production, off locally.

use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;

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
