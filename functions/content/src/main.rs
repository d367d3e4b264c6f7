//! The content Lambda function: `content::build` behind API Gateway (HTTP API v2).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::start(content::Adapters::aws, content::build).await
}
