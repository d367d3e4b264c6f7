//! Moderator authentication for the local server, standing in for API Gateway's JWT
//! authorizer: it verifies a token signed with a local development key and puts its claims in
//! the request context exactly where API Gateway puts a Cognito token's claims, so the
//! functions check groups with the same code in both places.

use std::collections::HashMap;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lambda_http::request::RequestContext;
use serde::{Deserialize, Serialize};
use shared::http::bearer::bearer_token;
use shared::ApiError;

/// The routes API Gateway guards with the JWT authorizer.
pub const GUARDED_PREFIX: &str = "/v1/moderation/";
const ISSUER: &str = "immunoguide-local";

/// The development signing key: `LOCAL_JWT_SECRET`, or a fixed value that is only ever
/// trusted by the local server.
#[derive(Clone)]
pub struct LocalJwtKey(Vec<u8>);

impl LocalJwtKey {
    pub const DEVELOPMENT: &'static str = "immunoguide-local-development-key-never-deployed";

    pub fn from_env() -> Self {
        Self(
            std::env::var("LOCAL_JWT_SECRET")
                .unwrap_or_else(|_| Self::DEVELOPMENT.to_owned())
                .into_bytes(),
        )
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

/// Like the JWT authorizer: a guarded route without a valid token is refused with 401 before
/// the function runs; with one, the function sees the claims as API Gateway would pass them
/// (strings, an array flattened to `[a b]`).
pub async fn authorize(
    State(key): State<LocalJwtKey>,
    mut request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with(GUARDED_PREFIX) {
        return next.run(request).await;
    }
    let claims = bearer_token(request.headers()).and_then(|token| key.verify(token));
    let Some(claims) = claims else {
        return ApiError::unauthorized(
            "A valid moderator token is required: see the README to mint one.",
        )
        .into_response();
    };
    let flattened: HashMap<String, String> = HashMap::from([
        ("sub".to_owned(), claims.sub),
        ("cognito:username".to_owned(), claims.username),
        (
            "cognito:groups".to_owned(),
            format!("[{}]", claims.groups.join(" ")),
        ),
        ("iss".to_owned(), claims.iss),
        ("exp".to_owned(), claims.exp.to_string()),
    ]);
    let context = serde_json::json!({
        "requestId": "",
        "http": {"method": request.method().as_str(), "path": request.uri().path()},
        "authorizer": {"jwt": {"claims": flattened, "scopes": null}},
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
