//! The content function: pages in English and Spanish, and the trial line.
//!
//! `build` is the only wiring: the Lambda entry (`main.rs`), the local server and the
//! Lambda-path tests all call it, with AWS or embedded adapters.

pub mod app;
pub mod domain;
pub mod http;
pub mod settings;
pub mod store;

use std::sync::Arc;

use shared::aws::dynamo::AwsClients;
use shared::clock::{Clock, SystemClock};
use shared::config::ConfigError;
use utoipa_axum::router::OpenApiRouter;

pub use settings::Settings;

use crate::http::{ContactState, PagesState};
use crate::store::{DynamoPageStore, PageReader};

/// The ports the routes run on.
#[derive(Clone)]
pub struct Adapters {
    pub pages: Arc<dyn PageReader>,
    pub clock: Arc<dyn Clock>,
}

impl Adapters {
    /// Production: the pages table, the system clock.
    pub fn aws(settings: &Settings, aws: &AwsClients) -> Result<Self, ConfigError> {
        Ok(Self {
            pages: Arc::new(DynamoPageStore::new(aws.dynamodb.clone(), &settings.table)),
            clock: Arc::new(SystemClock),
        })
    }
}

/// Every content route, wired to `adapters`.
pub fn build(_settings: Settings, adapters: Adapters) -> OpenApiRouter {
    http::routes(
        PagesState {
            pages: adapters.pages,
        },
        ContactState {
            clock: adapters.clock,
        },
    )
}
