//! The community Lambda function: `community::build` behind API Gateway (HTTP API v2).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::start(community::Adapters::aws, community::build).await
}
