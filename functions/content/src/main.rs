//! The content Lambda function: the routes of `content::http` behind API Gateway (HTTP API v2).

use std::sync::Arc;

use content::store::DynamoPageStore;
use content::{routes, ContentState};
use shared::clock::SystemClock;
use shared::config::{self, HttpConfig};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let http = HttpConfig::from_env()?;
    let table = config::required("CONTENT_TABLE")?;
    // Built once per cold start and reused by every invocation.
    let client = shared::dynamo::client_from_env().await;
    let state = ContentState::new(
        Arc::new(DynamoPageStore::new(client, table)),
        Arc::new(SystemClock),
    );
    shared::lambda::run(routes(state).into(), &http).await
}
