//! The stories function: "Share your story", moderated, withdrawable.
//!
//! `build` is the only wiring: the Lambda entry (`main.rs`), the local server and the
//! Lambda-path tests all call it, with AWS or embedded adapters.

pub mod app;
pub mod domain;
pub mod http;
pub mod settings;
pub mod store;

use shared::aws::dynamo::AwsClients;
use shared::config::ConfigError;
use shared::forms::adapters::FormAdapters;
use utoipa_axum::router::OpenApiRouter;

pub use settings::Settings;

use crate::http::metric;
use crate::http::{ChangeState, FormState, ListState, MineState, ReadState, SubmitState};
use crate::store::{DynamoStoryStore, StoryPorts};

/// The form a token is issued for.
const FORM_PURPOSE: &str = "stories";

/// The ports the routes run on.
#[derive(Clone)]
pub struct Adapters {
    pub stories: StoryPorts,
    pub form: FormAdapters,
}

impl Adapters {
    /// Production: the DynamoDB tables, the configured CAPTCHA, the system clock, EMF metrics.
    pub fn aws(settings: &Settings, aws: &AwsClients) -> Result<Self, ConfigError> {
        Ok(Self {
            stories: StoryPorts::of(DynamoStoryStore::new(
                aws.dynamodb.clone(),
                &settings.common.table,
            )),
            form: FormAdapters::aws(&settings.common, &settings.captcha, aws, "stories"),
        })
    }
}

/// Every stories route, wired to `adapters`; each route gets only the ports it uses.
pub fn build(settings: Settings, adapters: Adapters) -> OpenApiRouter {
    let Adapters { stories, form } = adapters;
    let FormAdapters { clock, metrics, .. } = form.clone();
    let form = form
        .pipeline(FORM_PURPOSE, &settings.common, metric::RATE_LIMITED)
        // Keyed submissions are stored under an id derived from the request (http/submit.rs).
        .with_idempotent_work();
    let days = |duration: std::time::Duration, default: i64| {
        chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::days(default))
    };
    let retention = days(settings.retention, 30);
    let unreviewed_retention = days(settings.unreviewed_retention, 90);
    http::routes(
        FormState {
            form: form.clone(),
            captcha: settings.captcha.info(),
            clock: clock.clone(),
        },
        SubmitState {
            form,
            stories: stories.writer.clone(),
            stored: stories.reader.clone(),
            withdrawal_key: settings.withdrawal_key,
            unreviewed_retention,
            clock: clock.clone(),
            metrics: metrics.clone(),
            members: settings.members.clone(),
        },
        ListState {
            stories: stories.lister,
            clock: clock.clone(),
        },
        ReadState {
            stories: stories.reader.clone(),
            clock: clock.clone(),
        },
        ChangeState {
            reader: stories.reader.clone(),
            writer: stories.writer.clone(),
            retention,
            clock: clock.clone(),
            metrics: metrics.clone(),
        },
        MineState {
            owned: stories.owned,
            reader: stories.reader,
            writer: stories.writer,
            retention,
            clock,
            metrics,
            members: settings.members,
        },
    )
}
