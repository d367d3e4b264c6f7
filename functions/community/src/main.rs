//! The community Lambda function: `community::build` behind API Gateway (HTTP API v2).

fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::main(community::Adapters::aws, community::build)
}
