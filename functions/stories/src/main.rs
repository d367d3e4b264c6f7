//! The stories Lambda function: the routes of `stories::http` behind API Gateway (HTTP API v2).

use shared::http::HttpConfig;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let http = HttpConfig::from_env()?;
    // Clients and keys are built once per cold start and reused by every invocation.
    let client = shared::aws::dynamo::clients_from_env().await.dynamodb;
    let state = stories::config::state_from_env(client)?;
    shared::aws::lambda::run(stories::routes(state).into(), &http).await
}
