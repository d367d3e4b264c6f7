//! The stories Lambda function: `stories::build` behind API Gateway (HTTP API v2).

fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::main(stories::Adapters::aws, stories::build)
}
