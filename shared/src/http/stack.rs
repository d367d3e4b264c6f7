//! The HTTP layers every function runs behind, in Lambda and in the local server alike.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::http::client_address::TrustedCdn;
use crate::http::problem::{
    ApiError, ErrorCause, FieldError, FieldLocation, Problem, PROBLEM_JSON,
};
use crate::http::request_id::{self, X_REQUEST_ID};
use crate::http::HttpConfig;
use crate::telemetry;

/// Headers a browser may send cross-origin beyond the CORS-safelisted ones.
const ALLOWED_REQUEST_HEADERS: [HeaderName; 6] = [
    header::CONTENT_TYPE,
    header::IF_NONE_MATCH,
    header::ACCEPT_LANGUAGE,
    header::AUTHORIZATION,
    HeaderName::from_static("idempotency-key"),
    X_REQUEST_ID,
];

/// Response headers a browser script may read cross-origin.
const EXPOSED_RESPONSE_HEADERS: [HeaderName; 5] = [
    header::ETAG,
    header::CONTENT_LANGUAGE,
    header::RETRY_AFTER,
    header::LOCATION,
    X_REQUEST_ID,
];

/// How long a browser may cache a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// The body limit in force, for extractors that quote it in their errors. A function whose
/// routes take smaller bodies adds `DefaultBodyLimit::max(n)` and `Extension(BodyLimit(n))`.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

pub fn body_limit_of(request: &Request) -> usize {
    request
        .extensions()
        .get::<BodyLimit>()
        .map_or(HttpConfig::DEFAULT_BODY_LIMIT_BYTES, |limit| limit.0)
}

/// Wraps the routers of one or more functions with the shared layers: request ids, access
/// logging, CORS, body limit, timeout, and problem+json for every error including 404 and 405.
pub fn layered(router: Router, config: &HttpConfig) -> Router {
    let router = router.fallback(unknown_route);
    let router = match &config.trusted_cdn {
        Some(cdn) => router
            .layer(Extension(cdn.clone()))
            .layer(middleware::from_fn_with_state(
                cdn.clone(),
                through_cdn_only,
            )),
        None => router,
    };
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(Extension(BodyLimit(config.body_limit_bytes)))
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        // Outside the limit and the timeout, so that their bare answers become problems too.
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(cors(config))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_response)
                .on_failure(()),
        )
        .layer(middleware::from_fn(request_id::assign))
}

fn cors(config: &HttpConfig) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.allowed_origins.clone()))
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers(ALLOWED_REQUEST_HEADERS)
        .expose_headers(EXPOSED_RESPONSE_HEADERS)
        .max_age(PREFLIGHT_MAX_AGE)
}

/// Only the route template is logged, never the path, query, headers or body: they can carry
/// personal data.
fn request_span(request: &Request<Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let request_id = request
        .headers()
        .get(X_REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        request_id,
        cold_start = telemetry::take_cold_start(),
    )
}

fn log_response(response: &Response, latency: Duration, _span: &Span) {
    if let Some(ErrorCause(cause)) = response.extensions().get::<ErrorCause>() {
        tracing::error!(error = %cause, "request failed");
    }
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "answered"
    );
}

/// With a CDN in front (`CDN_ORIGIN_SECRET`), only requests that came through it are served:
/// the API Gateway URL would otherwise bypass the CDN's WAF rules and its viewer addresses.
async fn through_cdn_only(State(cdn): State<TrustedCdn>, request: Request, next: Next) -> Response {
    if cdn.vouches_for(request.headers()) {
        next.run(request).await
    } else {
        ApiError::forbidden("This API is served through its site's address only.").into_response()
    }
}

async fn unknown_route() -> Response {
    let mut problem = Problem::from_status(StatusCode::NOT_FOUND);
    problem.detail =
        Some("No resource exists at this path. See /v1/openapi.json for the API.".to_owned());
    problem.into_response()
}

/// Errors made outside our handlers (405 from routing, whose `Allow` axum adds afterwards, 413 from the body limit, 503 from the
/// timeout) become problem+json too, keeping headers such as `Allow`.
async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !is_error || is_problem {
        return response;
    }
    let (parts, _body) = response.into_parts();
    let mut problem = Problem::from_status(status);
    problem.detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            Some("This resource does not allow this method; see `Allow`.".to_owned())
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            problem.errors = vec![FieldError::new(
                FieldLocation::Body,
                "body",
                "is larger than this endpoint accepts",
            )];
            Some("The request body is larger than this endpoint accepts.".to_owned())
        }
        StatusCode::SERVICE_UNAVAILABLE => {
            Some("The request took too long; please try again.".to_owned())
        }
        _ => None,
    };
    let mut answer = problem.into_response();
    let headers = answer.headers_mut();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            headers.insert(name.clone(), value.clone());
        }
    }
    answer
}
