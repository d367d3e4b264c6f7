//! The glossary Lambda function: `glossary::build` behind API Gateway (HTTP API v2).

fn main() -> Result<(), lambda_http::Error> {
    shared::aws::lambda::main(glossary::Adapters::aws, glossary::build)
}
