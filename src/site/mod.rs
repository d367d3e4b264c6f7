//! The site (`web/`, built to `web/dist/`) served by the local server on the API's origin, as
//! CloudFront serves it in AWS: `/v1/*` goes to the API, everything else is a static file with
//! the same security headers as the distribution's response-headers policy. Only the local
//! server uses this; the Lambda functions never serve files.

mod build;
mod prerender;

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::local_auth::{LocalJwtKey, MemberSignIn};

pub use build::{ensure_built, BuildError};
pub use prerender::{content_file, site_content_json, write_site_content};

/// The site's sources in this repository.
pub fn default_web_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("web")
}

/// The policy the site is written for: no inline script or style, calls only to its own
/// origin. CloudFront's response-headers policy (infra/template.yaml) adds the Cognito domain
/// to `connect-src` and `upgrade-insecure-requests`, which make no sense on http://127.0.0.1.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The hours a local development sign-in lasts, like a Cognito session.
const DEV_SIGN_IN_HOURS: i64 = 8;

/// `api` for `/v1/*`, the files under `dist` for everything else (`404.html` when none
/// matches), plus the two local-only routes the site needs: its runtime configuration and the
/// development sign-in that stands in for Cognito's Hosted UI.
pub fn with_site(api: Router, dist: &Path, moderator_key: LocalJwtKey) -> Router {
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dist.join("404.html")));
    let site = Router::new()
        .route("/site-config.json", get(site_config))
        .route("/local/moderator-sign-in", post(dev_sign_in))
        .route("/local/member-sign-in", post(member_sign_in))
        .with_state(moderator_key)
        .fallback_service(files)
        .layer(middleware::from_fn(security_headers));
    // By path prefix, as CloudFront's behaviours do; the API keeps its own 404 problems.
    let dispatch = tower::service_fn(move |request: Request| {
        let path = request.uri().path();
        let target = if path == "/v1" || path.starts_with("/v1/") {
            api.clone()
        } else {
            site.clone()
        };
        target.oneshot(request)
    });
    Router::new().fallback_service(dispatch)
}

/// What the site's scripts read at start: locally, moderators and members sign in with the
/// development key. In AWS, `scripts/deploy-site` uploads a file naming the Cognito domains,
/// clients and the members' identity providers.
async fn site_config() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "moderation": { "sign_in": "local" },
        "members": { "sign_in": "local" },
    }))
}

/// A member token for the local server only, for the address and provider chosen on the
/// account page: the stand-in for Facebook's and Google's sign-in.
async fn member_sign_in(
    State(key): State<LocalJwtKey>,
    shared::http::extract::Json(who): shared::http::extract::Json<MemberSignIn>,
) -> Response {
    let valid = shared::forms::email::EmailAddress::parse(&who.email).is_ok();
    let token = key
        .mint_member(&who, chrono::Duration::hours(DEV_SIGN_IN_HOURS))
        .filter(|_| valid);
    let Some(token) = token else {
        return shared::ApiError::invalid_field(
            shared::http::problem::FieldLocation::Body,
            if valid { "provider" } else { "email" },
            if valid {
                "must be facebook or google"
            } else {
                "is not an email address"
            },
        )
        .into_response();
    };
    token_answer(token)
}

/// A moderator token for the local server only: it is signed with the development key that
/// only this server trusts, so it grants nothing anywhere else.
async fn dev_sign_in(State(key): State<LocalJwtKey>) -> Response {
    let token = key.mint(
        "local-moderator",
        &["moderators".to_owned()],
        chrono::Duration::hours(DEV_SIGN_IN_HOURS),
    );
    token_answer(token)
}

/// A development sign-in's token, never cached.
fn token_answer(token: String) -> Response {
    let mut response = Json(serde_json::json!({
        "token": token,
        "expires_in": DEV_SIGN_IN_HOURS * 3600,
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn security_headers(request: Request, next: Next) -> Response {
    // Built assets have content hashes in their names; pages must be revalidated.
    let immutable = request.uri().path().starts_with("/_astro/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::CACHE_CONTROL,
            if immutable {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            },
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
