//! Running a function's router under AWS Lambda (API Gateway HTTP API, payload v2).

use axum::Router;

use crate::config::HttpConfig;
use crate::http_stack;

/// Serves `router`, wrapped in the shared layers, to the Lambda runtime until it shuts down.
pub async fn run(router: Router, config: &HttpConfig) -> Result<(), lambda_http::Error> {
    lambda_http::run(service(router, config)).await
}

/// The service `run` hands to the Lambda runtime, for tests that feed it API Gateway events.
pub fn service(router: Router, config: &HttpConfig) -> Router {
    http_stack::layered(router, config)
}
