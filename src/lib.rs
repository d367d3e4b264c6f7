//! The whole immunoguide API in one process: the local server, the operator commands, and the
//! app that the cross-function tests spawn. It mounts each function's routes unchanged.

pub mod openapi;
pub mod seed;
pub mod tables;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use content::store::{MemoryPageStore, PageReader};
use content::ContentState;
use glossary::store::{MemoryTermStore, TermReader};
use glossary::GlossaryState;
use shared::clock::{Clock, SystemClock};
use shared::config::HttpConfig;
use utoipa_axum::router::OpenApiRouter;

/// The repository's `content/` folder, where pages are authored.
pub fn default_content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The committed glossary seed file under a content folder.
pub fn glossary_seed_file(content_dir: &Path) -> PathBuf {
    content_dir.join("glossary").join("terms.jsonl.gz")
}

/// The storage each function runs on.
pub struct Stores {
    pub pages: Arc<dyn PageReader>,
    pub glossary: Arc<dyn TermReader>,
}

impl Stores {
    /// Embedded stores seeded from the repository's content, as `cargo run` uses.
    pub async fn embedded(content_dir: &Path) -> anyhow::Result<Self> {
        let pages = Arc::new(MemoryPageStore::new());
        seed::seed_pages(pages.as_ref(), content_dir).await?;
        let terms = glossary::domain::seedfile::read_seed(&glossary_seed_file(content_dir))?;
        Ok(Self {
            pages,
            glossary: Arc::new(MemoryTermStore::with_terms(terms)),
        })
    }

    /// Stores with nothing in them (for describing the API).
    pub fn empty() -> Self {
        Self {
            pages: Arc::new(MemoryPageStore::new()),
            glossary: Arc::new(MemoryTermStore::new()),
        }
    }

    /// Stores on DynamoDB tables, as deployed.
    pub fn dynamo(client: aws_sdk_dynamodb::Client, tables: &tables::TableNames) -> Self {
        Self {
            pages: Arc::new(content::store::DynamoPageStore::new(
                client.clone(),
                &tables.content,
            )),
            glossary: Arc::new(glossary::store::DynamoTermStore::new(
                client,
                &tables.glossary,
            )),
        }
    }
}

/// Every function's routes, merged, with the OpenAPI document they make up.
pub fn api(stores: &Stores, clock: Arc<dyn Clock>) -> OpenApiRouter {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(content::routes(ContentState::new(
            stores.pages.clone(),
            clock,
        )))
        .merge(glossary::routes(GlossaryState::new(
            stores.glossary.clone(),
        )))
}

/// The complete app as the local server serves it: every route, `/v1/openapi.json`, and the
/// shared layers that each Lambda function also runs behind.
pub fn app(stores: &Stores, clock: Arc<dyn Clock>, http: &HttpConfig) -> Router {
    let (router, document) = api(stores, clock).split_for_parts();
    let router = router.merge(openapi::route(document));
    shared::http_stack::layered(router, http)
}

/// The app with the system clock.
pub fn app_now(stores: &Stores, http: &HttpConfig) -> Router {
    app(stores, Arc::new(SystemClock), http)
}
