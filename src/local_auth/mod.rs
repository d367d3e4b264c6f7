//! Authentication for the local server, standing in for API Gateway's JWT authorizers (the
//! moderators' and the members'): it verifies a token signed with a local development key and
//! puts its claims in the request context exactly where API Gateway puts a Cognito token's
//! claims, so the functions check them with the same code in both places.

mod member;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lambda_http::request::RequestContext;
use serde::{Deserialize, Serialize};
use shared::http::bearer::bearer_token;
use shared::ApiError;

pub use member::MemberSignIn;

/// The routes API Gateway guards with the moderators' JWT authorizer.
pub const GUARDED_PREFIX: &str = "/v1/moderation/";
const ISSUER: &str = "immunoguide-local";

/// The development signing key: `LOCAL_JWT_SECRET`, or a fixed value that is only ever
/// trusted by a local server that nobody else can reach (see `for_server`).
#[derive(Clone)]
pub struct LocalJwtKey(Vec<u8>);

impl LocalJwtKey {
    fn secret(&self) -> &[u8] {
        &self.0
    }
}

/// Why the local server will not start with the published development key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refusing to sign moderator tokens with the development key published in the source: \
     this server {reason}. Set LOCAL_JWT_SECRET to a secret of your own (at least 32 characters), \
     e.g. LOCAL_JWT_SECRET=$(openssl rand -hex 32), and mint tokens with the same variable"
)]
pub struct PublishedKeyRefused {
    reason: String,
}

impl LocalJwtKey {
    pub const DEVELOPMENT: &'static str = "immunoguide-local-development-key-never-deployed";
    /// Shorter secrets are refused, so that the guard cannot be passed with a placeholder.
    const MIN_SECRET_LEN: usize = 32;

    /// The key for the `moderator-token` command: `LOCAL_JWT_SECRET`, else the development key.
    pub fn from_env() -> Self {
        Self(
            std::env::var("LOCAL_JWT_SECRET")
                .ok()
                .filter(|secret| !secret.is_empty())
                .unwrap_or_else(|| Self::DEVELOPMENT.to_owned())
                .into_bytes(),
        )
    }

    /// The key for a server listening on `addr` with its data at `dynamodb_endpoint` (embedded
    /// when `None`), given `LOCAL_JWT_SECRET`'s value `secret`. Anyone can mint tokens under
    /// the published key, so it is only accepted on loopback with local data; anywhere else a
    /// secret of one's own is required.
    pub fn for_server(
        secret: Option<&str>,
        addr: SocketAddr,
        dynamodb_endpoint: Option<&str>,
    ) -> Result<Self, PublishedKeyRefused> {
        let own = secret.filter(|secret| !secret.is_empty() && *secret != Self::DEVELOPMENT);
        if let Some(secret) = own {
            if secret.len() < Self::MIN_SECRET_LEN {
                return Err(PublishedKeyRefused {
                    reason: format!(
                        "was given a LOCAL_JWT_SECRET of fewer than {} characters",
                        Self::MIN_SECRET_LEN
                    ),
                });
            }
            return Ok(Self::new(secret.as_bytes()));
        }
        if !addr.ip().is_loopback() {
            return Err(PublishedKeyRefused {
                reason: format!("listens on {addr}, beyond loopback"),
            });
        }
        if let Some(endpoint) = dynamodb_endpoint.filter(|endpoint| !is_local_endpoint(endpoint)) {
            return Err(PublishedKeyRefused {
                reason: format!("serves from DynamoDB at {endpoint}, which is not on this machine"),
            });
        }
        Ok(Self::new(Self::DEVELOPMENT.as_bytes()))
    }

    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    /// A token like a Cognito ID token: `sub`, `cognito:username`, `cognito:groups`.
    pub fn mint(&self, subject: &str, groups: &[String], valid_for: chrono::Duration) -> String {
        let claims = LocalClaims {
            sub: subject.to_owned(),
            username: subject.to_owned(),
            groups: groups.to_vec(),
            iss: ISSUER.to_owned(),
            exp: (chrono::Utc::now() + valid_for).timestamp(),
        };
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&self.0),
        )
        .expect("HS256 signing cannot fail")
    }

    fn verify(&self, token: &str) -> Option<LocalClaims> {
        // The members' tokens are refused here by their issuer.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        decode::<LocalClaims>(token, &DecodingKey::from_secret(&self.0), &validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct LocalClaims {
    sub: String,
    #[serde(rename = "cognito:username")]
    username: String,
    #[serde(rename = "cognito:groups", default)]
    groups: Vec<String>,
    iss: String,
    exp: i64,
}

/// Like the JWT authorizers: a guarded route without a valid token of its pool is refused with
/// 401 before the function runs; with one, the function sees the claims as API Gateway would
/// pass them (strings, an array flattened to `[a b]`).
pub async fn authorize(
    State(key): State<LocalJwtKey>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let claims = if member::is_guarded(path) {
        bearer_token(request.headers())
            .and_then(|token| key.verify_member(token))
            .ok_or("A valid member token is required: sign in on the site's account page.")
    } else if path.starts_with(GUARDED_PREFIX) {
        bearer_token(request.headers())
            .and_then(|token| key.verify(token))
            .map(LocalClaims::flattened)
            .ok_or("A valid moderator token is required: see the README to mint one.")
    } else {
        return next.run(request).await;
    };
    let claims = match claims {
        Ok(claims) => claims,
        Err(detail) => return ApiError::unauthorized(detail).into_response(),
    };
    let context = serde_json::json!({
        "requestId": "",
        "http": {"method": request.method().as_str(), "path": request.uri().path()},
        "authorizer": {"jwt": {"claims": claims, "scopes": null}},
    });
    match serde_json::from_value(context) {
        Ok(context) => {
            request
                .extensions_mut()
                .insert(RequestContext::ApiGatewayV2(context));
            next.run(request).await
        }
        Err(error) => ApiError::internal(error).into_response(),
    }
}

impl LocalClaims {
    fn flattened(self) -> HashMap<String, String> {
        HashMap::from([
            ("sub".to_owned(), self.sub),
            ("cognito:username".to_owned(), self.username),
            (
                "cognito:groups".to_owned(),
                format!("[{}]", self.groups.join(" ")),
            ),
            ("iss".to_owned(), self.iss),
            ("exp".to_owned(), self.exp.to_string()),
        ])
    }
}

/// Whether a DynamoDB endpoint URL names this machine (DynamoDB Local): `localhost` or a
/// loopback address, with any scheme and port.
fn is_local_endpoint(endpoint: &str) -> bool {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_key_is_only_used_on_loopback_with_local_data() {
        let own = "0123456789abcdef0123456789abcdef";
        let loopback: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        let cases: &[(Option<&str>, &str, Option<&str>, bool)] = &[
            (None, "127.0.0.1:3000", None, true),
            (None, "[::1]:3000", None, true),
            (None, "127.0.0.1:3000", Some("http://127.0.0.1:8000"), true),
            (None, "127.0.0.1:3000", Some("http://localhost:8000"), true),
            (None, "127.0.0.1:3000", Some("http://[::1]:8000/"), true),
            (None, "0.0.0.0:3000", None, false),
            (None, "[::]:3000", None, false),
            (None, "192.0.2.10:3000", None, false),
            (
                None,
                "127.0.0.1:3000",
                Some("https://dynamodb.eu-west-1.amazonaws.com"),
                false,
            ),
            (
                None,
                "127.0.0.1:3000",
                Some("http://localhost.example.org:8000"),
                false,
            ),
            (None, "127.0.0.1:3000", Some("http://10.0.0.5:8000"), false),
            (Some(""), "0.0.0.0:3000", None, false),
            (Some(LocalJwtKey::DEVELOPMENT), "0.0.0.0:3000", None, false),
            (Some("short"), "0.0.0.0:3000", None, false),
            (Some(own), "0.0.0.0:3000", None, true),
            (
                Some(own),
                "127.0.0.1:3000",
                Some("https://dynamodb.us-east-1.amazonaws.com"),
                true,
            ),
        ];
        for (secret, addr, endpoint, allowed) in cases {
            let result = LocalJwtKey::for_server(*secret, addr.parse().unwrap(), *endpoint);
            assert_eq!(result.is_ok(), *allowed, "{secret:?} {addr} {endpoint:?}");
        }
        let refused = LocalJwtKey::for_server(None, "0.0.0.0:3000".parse().unwrap(), None)
            .err()
            .unwrap()
            .to_string();
        assert!(refused.contains("LOCAL_JWT_SECRET"), "{refused}");
        assert!(refused.contains("0.0.0.0:3000"), "{refused}");
        // The key chosen is the one given, so tokens minted with it verify.
        let key = LocalJwtKey::for_server(Some(own), loopback, None).unwrap();
        let token = LocalJwtKey::new(own.as_bytes()).mint("a", &[], chrono::Duration::hours(1));
        assert!(key.verify(&token).is_some());
        let published = LocalJwtKey::new(LocalJwtKey::DEVELOPMENT.as_bytes());
        assert!(key
            .verify(&published.mint("a", &[], chrono::Duration::hours(1)))
            .is_none());
    }
}
