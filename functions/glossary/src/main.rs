//! The glossary Lambda function: `glossary::build` behind API Gateway (HTTP API v2).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::start(glossary::Adapters::aws, glossary::build).await
}
