//! The caller's network address: used only to rate-limit, only as a keyed hash, never stored
//! or logged raw.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;

use crate::http::problem::ApiError;
use crate::secret::{constant_time_eq, SecretKey};

#[derive(Clone, PartialEq, Eq)]
pub struct ClientAddress(String);

impl std::fmt::Debug for ClientAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientAddress(redacted)")
    }
}

impl ClientAddress {
    pub fn new(address: impl Into<String>) -> Self {
        Self(address.into())
    }

    /// A stable pseudonym for the address's network under `key`: an IPv4 address, or an IPv6
    /// address's /64, which is what one subscriber gets (RFC 6177) and can rotate through freely.
    pub fn pseudonym(&self, key: &SecretKey) -> String {
        key.hmac_hex(&[b"client-address", self.network().as_bytes()])
    }

    /// The unit that rate limits count: the IPv4 address (also when written IPv4-mapped), the
    /// IPv6 /64, or the text as it came when it is not an address.
    fn network(&self) -> String {
        match self.0.parse::<IpAddr>() {
            Ok(IpAddr::V4(v4)) => v4.to_string(),
            Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let [a, b, c, d, ..] = v6.segments();
                    format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
                }
            },
            Err(_) => self.0.clone(),
        }
    }
}

/// The header CloudFront adds to every origin request with the stack's origin secret.
pub const ORIGIN_VERIFY: HeaderName = HeaderName::from_static("x-origin-verify");
/// The viewer's address as CloudFront saw it, set by the distribution's viewer-request function
/// (`infra/template.yaml`, `CdnViewerAddressFunction`), which overwrites any value a viewer sends.
pub const VIEWER_ADDRESS: HeaderName = HeaderName::from_static("x-viewer-address");

/// The secret that this stack's CloudFront distribution sends as `x-origin-verify` (environment
/// `CDN_ORIGIN_SECRET`, set only when the stack has a CDN). Behind CloudFront, API Gateway's
/// `sourceIp` is an edge server shared by many readers; a request that proves it came through
/// the distribution is attributed to the viewer address CloudFront saw (`x-viewer-address`)
/// instead. Without the secret that header is ignored: anyone can send it straight to the API
/// Gateway URL.
#[derive(Clone)]
pub struct TrustedCdn(Arc<[u8]>);

impl fmt::Debug for TrustedCdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrustedCdn(redacted)")
    }
}

impl TrustedCdn {
    /// At least 32 bytes, as for the HMAC keys.
    pub fn new(secret: &[u8]) -> Result<Self, String> {
        if secret.len() < 32 {
            return Err("the CDN origin secret needs at least 32 bytes".to_owned());
        }
        Ok(Self(Arc::from(secret)))
    }

    /// Whether `headers` carry the secret (compared in constant time for a given length).
    pub fn vouches_for(&self, headers: &HeaderMap) -> bool {
        headers
            .get(ORIGIN_VERIFY)
            .is_some_and(|value| constant_time_eq(value.as_bytes(), &self.0))
    }

    /// The viewer's address from `x-viewer-address` (`192.0.2.1`, `2001:db8::1`), when the
    /// request carries the secret and the header is an IP address.
    pub fn viewer_address(&self, headers: &HeaderMap) -> Option<String> {
        if !self.vouches_for(headers) {
            return None;
        }
        let value = headers.get(VIEWER_ADDRESS)?.to_str().ok()?;
        value.trim().parse::<IpAddr>().ok().map(|ip| ip.to_string())
    }
}

/// Behind the CDN (a `TrustedCdn` extension vouched for by the request), the viewer address
/// CloudFront saw; else, in Lambda, API Gateway's `sourceIp` (the TCP peer it saw, not a
/// spoofable header); locally, the socket's peer address.
impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if let Some(viewer) = parts
            .extensions
            .get::<TrustedCdn>()
            .and_then(|cdn| cdn.viewer_address(&parts.headers))
        {
            return Ok(ClientAddress(viewer));
        }
        let from_gateway =
            parts
                .extensions
                .request_context_ref()
                .and_then(|context| match context {
                    RequestContext::ApiGatewayV2(context) => context.http.source_ip.clone(),
                    #[allow(unreachable_patterns)]
                    _ => None,
                });
        let from_socket = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        };
        Ok(ClientAddress(
            from_gateway
                .or_else(from_socket)
                .unwrap_or_else(|| "unknown".to_owned()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef";

    async fn address(headers: &[(&str, &str)], cdn: Option<TrustedCdn>) -> String {
        let mut request = Request::builder().uri("/v1/stories");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(()).unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 9], 40000))));
        if let Some(cdn) = cdn {
            request.extensions_mut().insert(cdn);
        }
        let (mut parts, ()) = request.into_parts();
        ClientAddress::from_request_parts(&mut parts, &())
            .await
            .unwrap()
            .0
    }

    #[tokio::test]
    async fn the_viewer_address_counts_only_with_the_origin_secret() {
        let cdn = || Some(TrustedCdn::new(SECRET.as_bytes()).unwrap());
        let via_cdn = [
            ("x-origin-verify", SECRET),
            ("x-viewer-address", "198.51.100.7"),
        ];
        assert_eq!(address(&via_cdn, cdn()).await, "198.51.100.7");
        let v6 = [
            ("x-origin-verify", SECRET),
            ("x-viewer-address", "2001:db8:0::7"),
        ];
        assert_eq!(address(&v6, cdn()).await, "2001:db8::7");
        // A wrong or missing secret, or no CDN configured: the peer address, never the header.
        let forged = [
            (
                "x-origin-verify",
                "0123456789abcdef0123456789abcdef0123456789abcdeX",
            ),
            ("x-viewer-address", "198.51.100.7"),
        ];
        assert_eq!(address(&forged, cdn()).await, "203.0.113.9");
        assert_eq!(address(&via_cdn[1..], cdn()).await, "203.0.113.9");
        assert_eq!(address(&via_cdn, None).await, "203.0.113.9");
        // Anything but a bare address is ignored too.
        let garbled = [
            ("x-origin-verify", SECRET),
            ("x-viewer-address", "198.51.100.7:443"),
        ];
        assert_eq!(address(&garbled, cdn()).await, "203.0.113.9");
    }

    #[test]
    fn an_ipv6_subscriber_is_one_client_across_its_64() {
        let key = SecretKey::random();
        let of = |address: &str| ClientAddress::new(address).pseudonym(&key);
        assert_eq!(
            of("2001:db8:1:2::1"),
            of("2001:db8:1:2:ffff:ffff:ffff:fffe")
        );
        assert_ne!(of("2001:db8:1:2::1"), of("2001:db8:1:3::1"), "another /64");
        assert_eq!(of("::ffff:198.51.100.7"), of("198.51.100.7"), "IPv4-mapped");
        assert_ne!(of("198.51.100.7"), of("198.51.100.8"), "IPv4 per address");
    }

    #[test]
    fn short_secrets_are_refused_and_never_printed() {
        assert!(TrustedCdn::new(b"short").is_err());
        let cdn = TrustedCdn::new(SECRET.as_bytes()).unwrap();
        assert_eq!(format!("{cdn:?}"), "TrustedCdn(redacted)");
    }
}
