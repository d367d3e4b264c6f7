//! CAPTCHA verification behind a port: Cloudflare Turnstile in production, off locally.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

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
                .use_preconfigured_tls(tls_config())
                .timeout(Duration::from_secs(3))
                .build()
                .expect("a TLS client"),
        }
    }
}

/// rustls on aws-lc, the crypto library the AWS SDK's client already links (so that the forms'
/// functions link one, not also ring), with its post-quantum key exchange (X25519MLKEM768)
/// preferred, TLS 1.2 and 1.3, and the Mozilla roots that reqwest's `rustls-tls` used. reqwest
/// takes this configuration as it is, so ALPN is set here as reqwest would (HTTP/1.1 only:
/// its `http2` feature is off).
fn tls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("aws-lc supports TLS 1.2 and 1.3")
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
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

/// What a form's frontend needs to render the CAPTCHA widget (both forms show it alike).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaptchaInfo {
    /// `turnstile` or `none`.
    pub provider: &'static str,
    /// The Turnstile site key for the widget, when the provider is `turnstile`.
    pub site_key: Option<String>,
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

    /// What the form tells its frontend about the widget.
    pub fn info(&self) -> CaptchaInfo {
        CaptchaInfo {
            provider: match self {
                Self::None => "none",
                Self::Turnstile { .. } => "turnstile",
            },
            site_key: self.site_key().map(str::to_owned),
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

#[cfg(test)]
mod tests {
    use rustls::NamedGroup;

    use super::*;

    #[test]
    fn the_tls_configuration_is_aws_lc_with_post_quantum_key_exchange_first() {
        // X25519MLKEM768 is aws-lc's (ring has no post-quantum group).
        let config = tls_config();
        let groups: Vec<NamedGroup> = config
            .crypto_provider()
            .kx_groups
            .iter()
            .map(|group| group.name())
            .collect();
        assert_eq!(
            groups.first(),
            Some(&NamedGroup::X25519MLKEM768),
            "{groups:?}"
        );
        assert_eq!(config.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }

    #[test]
    fn reqwest_accepts_the_tls_configuration() {
        // `use_preconfigured_tls` takes `impl Any`: a rustls of another version than reqwest's
        // would be an unknown backend, an error only at `build`.
        reqwest::Client::builder()
            .use_preconfigured_tls(tls_config())
            .build()
            .expect("reqwest knows this rustls::ClientConfig");
        let _ = Turnstile::new("secret".to_owned(), None);
    }

    /// What the Turnstile client sends on the wire: a stand-in server on loopback reads the
    /// ClientHello (no certificate is needed for that) and hangs up, which the client must answer
    /// as "unavailable", never as a pass.
    #[tokio::test]
    async fn the_client_hello_offers_post_quantum_key_exchange_first() {
        use tokio::io::AsyncReadExt;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut header = [0u8; 5];
            socket.read_exact(&mut header).await.unwrap();
            assert_eq!(header[0], 22, "a TLS handshake record");
            let mut hello = vec![0u8; usize::from(u16::from_be_bytes([header[3], header[4]]))];
            socket.read_exact(&mut hello).await.unwrap();
            hello
        });
        let turnstile = Turnstile::new(
            "secret".to_owned(),
            Some(format!("https://localhost:{}/siteverify", address.port())),
        );
        assert!(turnstile.verify(Some("token"), "captcha").await.is_err());
        let hello = server.await.unwrap();

        assert_eq!(hello[0], 1, "a ClientHello");
        let groups = extension(&hello, 0x000a).expect("supported_groups");
        let key_share = extension(&hello, 0x0033).expect("key_share");
        let x25519_mlkem768 = 0x11ec_u16.to_be_bytes();
        assert_eq!(groups[2..4], x25519_mlkem768, "first supported group");
        assert_eq!(key_share[2..4], x25519_mlkem768, "first key share");
        let alpn = extension(&hello, 0x0010).expect("ALPN");
        assert_eq!(&alpn[3..], b"http/1.1");
    }

    /// The body of a ClientHello extension (RFC 8446, 4.1.2), from the handshake message.
    fn extension(hello: &[u8], wanted: u16) -> Option<&[u8]> {
        let length = |at: usize, bytes: usize| -> usize {
            hello[at..at + bytes]
                .iter()
                .fold(0, |n, b| n << 8 | usize::from(*b))
        };
        // type, length (3), legacy version (2), random (32)
        let mut at = 4 + 2 + 32;
        at += 1 + length(at, 1); // session id
        at += 2 + length(at, 2); // cipher suites
        at += 1 + length(at, 1); // compression methods
        let end = at + 2 + length(at, 2);
        at += 2;
        while at + 4 <= end {
            let (kind, size) = (length(at, 2), length(at + 2, 2));
            if kind == usize::from(wanted) {
                return Some(&hello[at + 4..at + 4 + size]);
            }
            at += 4 + size;
        }
        None
    }
}
