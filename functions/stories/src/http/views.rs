//! What the stories routes answer with.

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use super::story_view::{
    AuditEntry, ConsentRecord, ConsentText, HoldFlag, LabelledOption, Limits, Profile, Revision,
    StoryStatus,
};
use crate::domain::story::StoryRecord;
use crate::domain::{catalog, consent, story, submission};

/// Everything a frontend needs to render the form truthfully.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoryForm {
    pub lang: Lang,
    #[schema(value_type = Vec<LabelledOption>)]
    pub roles: Vec<catalog::LabelledOption>,
    #[schema(value_type = Vec<LabelledOption>)]
    pub cancer_types: Vec<catalog::LabelledOption>,
    #[schema(value_type = Vec<LabelledOption>)]
    pub treatments: Vec<catalog::LabelledOption>,
    #[schema(value_type = Vec<LabelledOption>)]
    pub age_ranges: Vec<catalog::LabelledOption>,
    #[schema(value_type = Vec<ConsentText>)]
    pub consents: Vec<consent::ConsentText>,
    /// Send this back as `consent_version`.
    pub consent_version: &'static str,
    #[schema(value_type = Limits)]
    pub limits: submission::Limits,
    #[serde(flatten)]
    pub guard: FormGuardView,
}

pub use shared::forms::form_route::FormGuardView;

/// The answer to a submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionAccepted {
    pub id: String,
    /// Always `pending`: the story waits for a moderator.
    pub status: &'static str,
    /// Shown only in this answer: keep it to withdraw the story (`DELETE /v1/stories/{id}` with
    /// `Authorization: Bearer <token>`).
    pub withdrawal_token: String,
}

/// A published story: no contact details, no moderation notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStory {
    pub id: String,
    pub lang: Lang,
    /// Plain text: render it as text (escaped), never as HTML.
    pub title: String,
    /// Plain text with line breaks: render it as text (escaped), never as HTML.
    pub body: String,
    /// Plain text: render it as text (escaped), never as HTML.
    pub display_name: Option<String>,
    pub role: String,
    pub cancer_type: String,
    pub treatment: String,
    pub age_range: Option<String>,
    pub published_at: DateTime<Utc>,
}

impl PublicStory {
    /// The public view of a published story; `None` for anything else.
    pub fn of(story: StoryRecord) -> Option<Self> {
        if story.status != story::StoryStatus::Approved {
            return None;
        }
        let revision = story.current()?.clone();
        let profile = story.profile?;
        Some(Self {
            id: story.id,
            lang: story.lang,
            title: revision.title,
            body: revision.body,
            display_name: profile.display_name,
            role: profile.role,
            cancer_type: profile.cancer_type,
            treatment: profile.treatment,
            age_range: profile.age_range,
            published_at: story.published_at?,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicStoryList {
    pub lang: Lang,
    pub stories: Vec<PublicStory>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A story in a moderation queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedStory {
    pub id: String,
    pub status: StoryStatus,
    pub version: u32,
    pub lang: Lang,
    pub title: Option<String>,
    pub flags: Vec<HoldFlag>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<StoryRecord> for QueuedStory {
    fn from(story: StoryRecord) -> Self {
        Self {
            title: story.current().map(|revision| revision.title.clone()),
            id: story.id,
            status: story.status.into(),
            version: story.version,
            lang: story.lang,
            flags: story.flags.into_iter().map(Into::into).collect(),
            created_at: story.created_at,
            updated_at: story.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModerationQueue {
    pub status: StoryStatus,
    pub stories: Vec<QueuedStory>,
    pub next_cursor: Option<String>,
}

/// Everything about a story, for moderators.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModeratedStory {
    pub id: String,
    pub status: StoryStatus,
    /// Send this back with a decision.
    pub version: u32,
    pub lang: Lang,
    /// Absent once erased.
    pub profile: Option<Profile>,
    /// The original first; a moderator's edits after it.
    pub revisions: Vec<Revision>,
    pub consents: Vec<ConsentRecord>,
    pub flags: Vec<HoldFlag>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When the story will be deleted (rejected and withdrawn stories).
    pub expires_at: Option<DateTime<Utc>>,
    pub audit: Vec<AuditEntry>,
}

impl ModeratedStory {
    pub fn of(story: StoryRecord, audit: Vec<story::AuditEntry>) -> Self {
        Self {
            id: story.id,
            status: story.status.into(),
            version: story.version,
            lang: story.lang,
            profile: story.profile.map(Into::into),
            revisions: story.revisions.into_iter().map(Into::into).collect(),
            consents: story.consents.into_iter().map(Into::into).collect(),
            flags: story.flags.into_iter().map(Into::into).collect(),
            created_at: story.created_at,
            updated_at: story.updated_at,
            published_at: story.published_at,
            expires_at: story.expires_at,
            audit: audit.into_iter().map(Into::into).collect(),
        }
    }
}
