//! The caller's network address: used only to rate-limit, only as a keyed hash, never stored
//! or logged raw.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;

use crate::problem::ApiError;
use crate::secret::SecretKey;

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

    /// A stable pseudonym for the address under `key`.
    pub fn pseudonym(&self, key: &SecretKey) -> String {
        key.hmac_hex(&[b"client-address", self.0.as_bytes()])
    }
}

/// In Lambda, API Gateway's `sourceIp` (the TCP peer it saw, not a spoofable header); locally,
/// the socket's peer address.
impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
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
