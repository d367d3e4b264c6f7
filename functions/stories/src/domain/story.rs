//! A story as stored: its state, revisions, consents and flags, and its audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::http::lang::Lang;
use utoipa::ToSchema;

use super::consent::ConsentRecord;
use super::screening::HoldFlag;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoryStatus {
    /// Waiting for a moderator.
    Pending,
    /// Waiting for a moderator, flagged by screening (links, emails or phone numbers).
    Held,
    /// Published.
    Approved,
    Rejected,
    /// Taken back by its submitter; personal data erased.
    Withdrawn,
}

impl StoryStatus {
    pub const ALL: [StoryStatus; 5] = [
        Self::Pending,
        Self::Held,
        Self::Approved,
        Self::Rejected,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Held => "held",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// The personal and health details of a submission; erased on withdrawal and by retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub role: String,
    pub cancer_type: String,
    pub treatment: String,
    pub age_range: Option<String>,
    pub display_name: Option<String>,
    /// Never published.
    pub contact_email: Option<String>,
}

/// One version of the text: the submitter's original is revision 1; a moderator's edit adds one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Revision {
    pub number: u32,
    pub title: String,
    pub body: String,
    /// `submitter`, or `moderator:<subject>`.
    pub author: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryRecord {
    pub id: String,
    pub status: StoryStatus,
    /// Incremented by every change; a moderator's decision names the version it saw.
    pub version: u32,
    pub lang: Lang,
    /// `None` once erased.
    pub profile: Option<Profile>,
    /// Empty once erased.
    pub revisions: Vec<Revision>,
    pub consents: Vec<ConsentRecord>,
    pub flags: Vec<HoldFlag>,
    /// SHA-256 of the withdrawal token; the token itself is shown once and never stored.
    pub withdrawal_token_sha256: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When the record is deleted (rejected and withdrawn stories); reads treat it as gone after.
    pub expires_at: Option<DateTime<Utc>>,
}

impl StoryRecord {
    pub fn current(&self) -> Option<&Revision> {
        self.revisions.last()
    }

    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expiry| expiry <= now)
    }

    /// Removes everything personal, keeping what the audit and statistics need.
    pub fn erase_personal_data(&mut self) {
        self.profile = None;
        self.revisions.clear();
    }
}

/// One line of the audit trail. Holds no personal data, so it outlives the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub story_id: String,
    pub at: DateTime<Utc>,
    /// `submitter`, or `moderator:<subject>`.
    pub actor: String,
    pub action: AuditAction,
    pub from: Option<StoryStatus>,
    pub to: StoryStatus,
    /// The moderator's reason, for decisions.
    pub reason: Option<String>,
    /// The revision current after the change, if any text remains.
    pub revision: Option<u32>,
    /// The story version after the change.
    pub version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
}

/// Story ids are UUIDs; anything else cannot name a story.
pub fn is_story_id(id: &str) -> bool {
    uuid::Uuid::parse_str(id).is_ok()
}
