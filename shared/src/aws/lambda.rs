//! Running a function under AWS Lambda (API Gateway HTTP API, payload v2): the one start-up
//! path every function's `main.rs` calls, so that no function wires itself differently.

use std::marker::PhantomData;

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

/// The one table a read-only function reads: the variable that names it in Lambda, and the
/// name the local tables use.
pub trait Table {
    const VARIABLE: &'static str;
    const LOCAL_NAME: &'static str;
}

/// The settings of a function that reads one table `T` and nothing else: the HTTP layer's and
/// the table's name.
#[derive(Debug, Clone)]
pub struct TableSettings<T> {
    pub http: HttpConfig,
    pub table: String,
    table_kind: PhantomData<T>,
}

impl<T: Table> TableSettings<T> {
    /// Local runs and tests: `http`, and the table name the local tables use.
    pub fn local(http: HttpConfig) -> Self {
        Self {
            http,
            table: T::LOCAL_NAME.to_owned(),
            table_kind: PhantomData,
        }
    }
}

impl<T: Table> FunctionSettings for TableSettings<T> {
    /// `T::VARIABLE` and the HTTP layer's variables (`HttpConfig::from_env`).
    fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            http: HttpConfig::from_env()?,
            table: crate::config::required(T::VARIABLE)?,
            table_kind: PhantomData,
        })
    }

    fn http(&self) -> &HttpConfig {
        &self.http
    }
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
