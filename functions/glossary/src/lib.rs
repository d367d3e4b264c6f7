//! The glossary function: NCI's Dictionary of Cancer Terms in English and Spanish, browsed A–Z,
//! searched (ranked, typo-tolerant) and suggested from an in-memory index.
//!
//! `build` is the only wiring: the Lambda entry (`main.rs`), the local server and the
//! Lambda-path tests all call it, with AWS or embedded adapters. Offline work on the data (the
//! NCI import, the seed file) lives in the root package; the search benchmark in `benches/`.

pub mod app;
pub mod domain;
pub mod http;
pub mod settings;
pub mod store;

use std::sync::Arc;

use shared::aws::dynamo::AwsClients;
use shared::config::ConfigError;
use utoipa_axum::router::OpenApiRouter;

pub use settings::Settings;

use crate::app::IndexStore;
use crate::app::Indexes;
use crate::http::{IndexState, TermsState};
use crate::store::{DynamoTermStore, TermReader};

/// The ports the routes run on.
#[derive(Clone)]
pub struct Adapters {
    pub terms: Arc<dyn TermReader>,
    /// The search indexes, over the store they are built from.
    pub indexes: Indexes,
}

impl Adapters {
    /// Both ports on one store; the indexes are loaded when first needed.
    pub fn on<S: TermReader + IndexStore>(store: Arc<S>) -> Self {
        Self {
            terms: store.clone(),
            indexes: Indexes::new(store),
        }
    }

    /// Production: the terms table, with the head of the snapshot the seed command wrote read
    /// now (`app::Indexes::prepare`): the first request loads its language's index from it and
    /// the other language follows in the background, so that a cold start waits for one index.
    /// If the table cannot be read now, the first request tries again. Needs the
    /// multi-threaded runtime `#[tokio::main]` gives `main.rs`.
    pub fn aws(settings: &Settings, aws: &AwsClients) -> Result<Self, ConfigError> {
        let adapters = Self::on(Arc::new(DynamoTermStore::new(
            aws.dynamodb.clone(),
            &settings.table,
        )));
        let warmed = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(adapters.indexes.prepare())
        });
        if let Err(error) = warmed {
            tracing::warn!(error = %error, "glossary snapshot head not read at start");
        }
        Ok(adapters)
    }
}

/// Every glossary route, wired to `adapters`.
pub fn build(_settings: Settings, adapters: Adapters) -> OpenApiRouter {
    http::routes(
        TermsState {
            terms: adapters.terms,
        },
        IndexState {
            indexes: adapters.indexes,
        },
    )
}
