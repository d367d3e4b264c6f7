//! The stories routes: thin handlers that parse, call one use case and render.

mod answers;
mod errors;
mod form;
mod mine;
mod moderation;
mod params;
mod public;
mod story_view;
mod submit;
mod views;

use std::sync::Arc;

use shared::aws::metrics::Metrics;
use shared::clock::Clock;
pub use shared::forms::form_route::FormState;
use shared::forms::pipeline::FormPipeline;
use shared::secret::SecretKey;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use axum::extract::FromRef;
use shared::http::member::MemberAudience;

use crate::store::{OwnedStories, StoryLister, StoryReader, StoryWriter};

pub use mine::{MyStories, MyStory};
pub use params::{ConsentsInput, DecisionAction, DecisionInput, SubmissionInput};
pub use story_view::*;
pub use views::*;

/// What a submission needs: the guarded pipeline and a way to store a new story.
#[derive(Clone)]
pub struct SubmitState {
    pub form: FormPipeline,
    pub stories: Arc<dyn StoryWriter>,
    /// Where a retried keyed submission finds its story (`submit::story_id`).
    pub stored: Arc<dyn StoryReader>,
    pub withdrawal_key: SecretKey,
    /// How long a story may wait for a moderator.
    pub unreviewed_retention: chrono::Duration,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
    /// Whose tokens `POST /v1/me/stories` accepts.
    pub members: MemberAudience,
}

impl FromRef<SubmitState> for MemberAudience {
    fn from_ref(state: &SubmitState) -> Self {
        state.members.clone()
    }
}

/// What a member's own routes need: their stories, and changing them.
#[derive(Clone)]
pub struct MineState {
    pub owned: Arc<dyn OwnedStories>,
    pub reader: Arc<dyn StoryReader>,
    pub writer: Arc<dyn StoryWriter>,
    /// How long withdrawn stories are kept.
    pub retention: chrono::Duration,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
    pub members: MemberAudience,
}

impl FromRef<MineState> for MemberAudience {
    fn from_ref(state: &MineState) -> Self {
        state.members.clone()
    }
}

/// What the listing routes (published stories, moderation queues) read.
#[derive(Clone)]
pub struct ListState {
    pub stories: Arc<dyn StoryLister>,
    pub clock: Arc<dyn Clock>,
}

/// What the routes that show one story read.
#[derive(Clone)]
pub struct ReadState {
    pub stories: Arc<dyn StoryReader>,
    pub clock: Arc<dyn Clock>,
}

/// What the routes that change a story (decision, withdrawal) need.
#[derive(Clone)]
pub struct ChangeState {
    pub reader: Arc<dyn StoryReader>,
    pub writer: Arc<dyn StoryWriter>,
    /// How long rejected and withdrawn stories are kept.
    pub retention: chrono::Duration,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
}

/// The routes, each with the state it needs and nothing more.
pub fn routes(
    form: FormState,
    submit: SubmitState,
    list: ListState,
    read: ReadState,
    change: ChangeState,
    mine: MineState,
) -> OpenApiRouter {
    let form = OpenApiRouter::new()
        .routes(routes!(form::get_form))
        .with_state(form);
    let submit = OpenApiRouter::new()
        .routes(routes!(submit::submit_story))
        .routes(routes!(mine::submit_my_story))
        .with_state(submit);
    let mine = OpenApiRouter::new()
        .routes(routes!(mine::list_my_stories, mine::let_go_of_my_stories))
        .routes(routes!(mine::withdraw_my_story))
        .with_state(mine);
    let list = OpenApiRouter::new()
        .routes(routes!(public::list_stories))
        .routes(routes!(moderation::list_queue))
        .with_state(list);
    let read = OpenApiRouter::new()
        .routes(routes!(public::get_story))
        .routes(routes!(moderation::get_for_moderation))
        .with_state(read);
    let change = OpenApiRouter::new()
        .routes(routes!(public::withdraw_story))
        .routes(routes!(moderation::decide))
        .with_state(change);
    form.merge(submit)
        .merge(list)
        .merge(read)
        .merge(change)
        .merge(mine)
}

/// Metric names, one per event the issue asks to count.
pub(crate) mod metric {
    pub const SUBMITTED: &str = "StorySubmitted";
    pub const HELD: &str = "StoryHeld";
    pub const RATE_LIMITED: &str = "StoryRateLimited";
    pub const APPROVED: &str = "StoryApproved";
    pub const REJECTED: &str = "StoryRejected";
    pub const WITHDRAWN: &str = "StoryWithdrawn";
}
