//! The community Lambda function: the routes of `community::http` behind API Gateway (HTTP API v2).

use shared::http::HttpConfig;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let http = HttpConfig::from_env()?;
    // Clients and keys are built once per cold start and reused by every invocation.
    let aws = shared::aws::dynamo::clients_from_env().await;
    let state =
        community::config::state_from_env(aws.dynamodb, aws_sdk_sesv2::Client::new(&aws.config))?;
    shared::aws::lambda::run(community::routes(state).into(), &http).await
}
