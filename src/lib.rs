//! The whole immunoguide API in one process: the local server, the operator commands, and the
//! app that the cross-function tests spawn. It mounts each function's routes unchanged.

pub mod glossary_data;
pub mod local_auth;
pub mod openapi;
pub mod seed;
pub mod site;
pub mod tables;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use community::accounts::MemoryAccounts;
use community::mail::{Mailer, OutboxMailer};
use community::store::{DynamoMemberStore, MemberPorts, MemoryMemberStore};
use content::store::{DynamoPageStore, MemoryPageStore, PageReader};
use glossary::store::{DynamoTermStore, MemoryTermStore};
use shared::aws::metrics::{MetricSink, Metrics};
use shared::clock::{Clock, SystemClock};
use shared::forms::adapters::FormAdapters;
use shared::forms::captcha::{CaptchaVerifier, NoCaptcha};
use shared::forms::idempotency::{
    DynamoIdempotencyStore, IdempotencyStore, MemoryIdempotencyStore,
};
use shared::forms::rate_limit::{DynamoRateLimitStore, MemoryRateLimitStore, RateLimitStore};
use shared::forms::spent_tokens::{DynamoSpentTokenStore, MemorySpentTokenStore, SpentTokenStore};
use shared::forms::tables::FormPorts;
use shared::http::HttpConfig;
use stories::store::{DynamoStoryStore, MemoryStoryStore, StoryPorts};
use utoipa_axum::router::OpenApiRouter;

use crate::local_auth::LocalJwtKey;

/// The repository's `content/` folder, where pages are authored.
pub fn default_content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The committed glossary seed file under a content folder.
pub fn glossary_seed_file(content_dir: &Path) -> PathBuf {
    content_dir.join("glossary").join("terms.jsonl.gz")
}

/// Where the local server writes community emails as `.eml` files.
pub fn default_outbox_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("outbox")
}

/// The storage each function runs on.
#[derive(Clone)]
pub struct Stores {
    pub pages: Arc<dyn PageReader>,
    /// The glossary's ports (terms and search indexes) on one store.
    pub glossary: glossary::Adapters,
    pub stories: StoryPorts,
    pub members: MemberPorts,
    pub rate_limits: Arc<dyn RateLimitStore>,
    pub idempotency: Arc<dyn IdempotencyStore>,
    pub spent_tokens: Arc<dyn SpentTokenStore>,
}

impl Stores {
    /// What the form function `function` runs on beside its own store.
    fn form_adapters(&self, options: &Options, function: &'static str) -> FormAdapters {
        FormAdapters {
            ports: FormPorts {
                rate_limits: self.rate_limits.clone(),
                idempotency: self.idempotency.clone(),
                spent_tokens: self.spent_tokens.clone(),
            },
            captcha: options.captcha.clone(),
            clock: options.clock.clone(),
            metrics: options.metrics(function),
        }
    }

    /// Empty embedded stores.
    pub fn empty() -> Self {
        Self {
            pages: Arc::new(MemoryPageStore::new()),
            glossary: glossary::Adapters::on(Arc::new(MemoryTermStore::new())),
            stories: StoryPorts::of(MemoryStoryStore::new()),
            members: MemberPorts::of(MemoryMemberStore::new()),
            rate_limits: Arc::new(MemoryRateLimitStore::default()),
            idempotency: Arc::new(MemoryIdempotencyStore::default()),
            spent_tokens: Arc::new(MemorySpentTokenStore::default()),
        }
    }

    /// Embedded stores seeded from the repository's content, as `cargo run` uses.
    pub async fn embedded(content_dir: &Path) -> anyhow::Result<Self> {
        let pages = Arc::new(MemoryPageStore::new());
        seed::seed_pages(pages.as_ref(), content_dir).await?;
        let terms = crate::glossary_data::seedfile::read_seed(&glossary_seed_file(content_dir))?;
        Ok(Self {
            pages,
            glossary: glossary::Adapters::on(Arc::new(MemoryTermStore::with_terms(terms))),
            ..Self::empty()
        })
    }

    /// Stores on DynamoDB tables, as deployed.
    pub fn dynamo(client: aws_sdk_dynamodb::Client, tables: &tables::TableNames) -> Self {
        Self {
            pages: Arc::new(DynamoPageStore::new(client.clone(), &tables.content)),
            glossary: glossary::Adapters::on(Arc::new(DynamoTermStore::new(
                client.clone(),
                &tables.glossary,
            ))),
            stories: StoryPorts::of(DynamoStoryStore::new(client.clone(), &tables.stories)),
            members: MemberPorts::of(DynamoMemberStore::new(client.clone(), &tables.community)),
            rate_limits: Arc::new(DynamoRateLimitStore::new(
                client.clone(),
                &tables.rate_limits,
            )),
            idempotency: Arc::new(DynamoIdempotencyStore::new(
                client.clone(),
                &tables.idempotency,
            )),
            // Spent form tokens live beside the rate-limit counters, as in AWS.
            spent_tokens: Arc::new(DynamoSpentTokenStore::new(client, &tables.rate_limits)),
        }
    }
}

/// How the local app is set up beyond its stores.
#[derive(Clone)]
pub struct Options {
    pub clock: Arc<dyn Clock>,
    pub http: HttpConfig,
    pub stories: stories::Settings,
    pub community: community::Settings,
    /// Where community emails go: the local outbox folder by default.
    pub mailer: Arc<dyn Mailer>,
    pub metrics: Option<Arc<dyn MetricSink>>,
    pub moderator_key: LocalJwtKey,
    /// Verifies both forms' CAPTCHA answers: none locally, a stand-in in tests.
    pub captcha: Arc<dyn CaptchaVerifier>,
    /// The members' accounts: embedded locally, so that tests can see a deletion.
    pub accounts: Arc<MemoryAccounts>,
}

impl Options {
    /// Local defaults: the system clock, fresh keys, no CAPTCHA, the development JWT key.
    pub fn local(http: HttpConfig) -> Self {
        Self {
            clock: Arc::new(SystemClock),
            stories: stories::Settings::local(http.clone()),
            community: community::Settings::local(http.clone()),
            http,
            mailer: Arc::new(OutboxMailer::new(default_outbox_dir())),
            metrics: None,
            moderator_key: LocalJwtKey::from_env(),
            captcha: Arc::new(NoCaptcha),
            accounts: Arc::new(MemoryAccounts::new()),
        }
    }

    fn metrics(&self, function: &'static str) -> Metrics {
        match &self.metrics {
            Some(sink) => Metrics::new(function, sink.clone()),
            None => Metrics::for_environment(function),
        }
    }
}

/// The OpenAPI document as `immunoguide openapi` prints it (and docs/openapi.json holds).
pub fn openapi_json() -> String {
    let options = Options::local(HttpConfig::with_origins(Vec::new()));
    let (_, document) = api(&Stores::empty(), &options).split_for_parts();
    openapi::pretty_json(&document)
}

/// Every function's routes, merged, with the OpenAPI document they make up.
pub fn api(stores: &Stores, options: &Options) -> OpenApiRouter {
    // The functions' own HTTP settings are the app's: one stack serves every route here.
    let mut stories_settings = options.stories.clone();
    stories_settings.common.http = options.http.clone();
    let mut community_settings = options.community.clone();
    community_settings.common.http = options.http.clone();
    let stories = stories::build(
        stories_settings,
        stories::Adapters {
            stories: stores.stories.clone(),
            form: stores.form_adapters(options, "stories"),
        },
    );
    let community = community::build(
        community_settings,
        community::Adapters {
            members: stores.members.clone(),
            mailer: options.mailer.clone(),
            accounts: options.accounts.clone(),
            form: stores.form_adapters(options, "community"),
        },
    );
    let content = content::build(
        content::Settings::local(options.http.clone()),
        content::Adapters {
            pages: stores.pages.clone(),
            clock: options.clock.clone(),
        },
    );
    OpenApiRouter::with_openapi(openapi::base())
        .merge(content)
        .merge(glossary::build(
            glossary::Settings::local(options.http.clone()),
            stores.glossary.clone(),
        ))
        .merge(stories)
        .merge(community)
}

/// The complete app as the local server serves it: every route, `/v1/openapi.json`, the
/// stand-in for API Gateway's JWT authorizer, and the shared layers that each Lambda function
/// also runs behind.
pub fn app(stores: &Stores, options: &Options) -> Router {
    let (router, document) = api(stores, options).split_for_parts();
    let router =
        router
            .merge(openapi::route(document))
            .layer(axum::middleware::from_fn_with_state(
                options.moderator_key.clone(),
                local_auth::authorize,
            ));
    shared::http::stack::layered(router, &options.http)
}
