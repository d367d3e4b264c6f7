//! The stories Lambda function: `stories::build` behind API Gateway (HTTP API v2).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::start(stories::Adapters::aws, stories::build).await
}
