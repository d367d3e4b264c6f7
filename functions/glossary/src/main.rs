//! The glossary Lambda function: the routes of `glossary::http` behind API Gateway (HTTP API v2).

use std::sync::Arc;

use glossary::store::DynamoTermStore;
use glossary::{routes, GlossaryState};
use shared::config;
use shared::http::HttpConfig;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let http = HttpConfig::from_env()?;
    let table = config::required("GLOSSARY_TABLE")?;
    // Built once per cold start and reused by every invocation.
    let client = shared::aws::dynamo::clients_from_env().await.dynamodb;
    let state = GlossaryState::new(Arc::new(DynamoTermStore::new(client, table)));
    // The search indexes are built during init, which runs at full CPU before the first request;
    // if the table cannot be read now, the first request that needs an index tries again.
    if let Err(error) = state.warm().await {
        tracing::warn!(error = %error, "glossary index not built at start");
    }
    shared::aws::lambda::run(routes(state).into(), &http).await
}
