//! The community Lambda function: the routes of `community::http` behind API Gateway (HTTP API v2).

use shared::config::HttpConfig;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let http = HttpConfig::from_env()?;
    // Clients and keys are built once per cold start and reused by every invocation.
    let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let dynamodb = shared::dynamo::client_from_env().await;
    let state = community::config::state_from_env(dynamodb, aws_sdk_sesv2::Client::new(&aws))?;
    shared::lambda::run(community::routes(state).into(), &http).await
}
