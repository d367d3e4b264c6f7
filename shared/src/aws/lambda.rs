//! Running a function under AWS Lambda (API Gateway HTTP API, payload v2): the one start-up
//! path every function's `main.rs` calls, so that no function wires itself differently.

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use super::dynamo::AwsClients;
use crate::config::ConfigError;
use crate::http::stack;
use crate::http::HttpConfig;

/// What a function's settings must offer the runner.
pub trait FunctionSettings: Sized {
    /// Reads every setting once, from the environment, at cold start.
    fn from_env() -> Result<Self, ConfigError>;
    /// The shared HTTP layer's settings (CORS, body limit, timeout, CDN).
    fn http(&self) -> &HttpConfig;
}

/// The whole cold start of a function: logging, settings, one DynamoDB client, the AWS
/// adapters, the function's `build`, then serving until the runtime shuts the process down.
pub async fn start<S: FunctionSettings, A>(
    aws_adapters: impl FnOnce(&S, &AwsClients) -> Result<A, ConfigError>,
    build: impl FnOnce(S, A) -> OpenApiRouter,
) -> Result<(), lambda_http::Error> {
    crate::telemetry::init();
    let settings = S::from_env()?;
    // Built once per cold start and reused by every invocation.
    let clients = super::dynamo::clients_from_env().await;
    let adapters = aws_adapters(&settings, &clients)?;
    let http = settings.http().clone();
    run(build(settings, adapters).into(), &http).await
}

/// Serves `router`, wrapped in the shared layers, to the Lambda runtime until it shuts down.
pub async fn run(router: Router, config: &HttpConfig) -> Result<(), lambda_http::Error> {
    lambda_http::run(service(router, config)).await
}

/// The service `run` hands to the Lambda runtime, for tests that feed it API Gateway events.
pub fn service(router: Router, config: &HttpConfig) -> Router {
    stack::layered(router, config)
}
