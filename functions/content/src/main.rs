//! The content Lambda function: `content::build` behind API Gateway (HTTP API v2).

fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::main(content::Adapters::aws, content::build)
}
