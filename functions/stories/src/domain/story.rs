//! A story as stored: its state, revisions, consents and flags, and its audit trail.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use shared::http::lang::Lang;
use shared::http::member::MemberId;

use super::consent::ConsentRecord;
use super::screening::HoldFlag;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The member who submitted it signed in (their pseudonymous id, never an address);
    /// `None` for anonymous stories and once the member's account is deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<MemberId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// When the record is deleted (rejected and withdrawn stories); reads treat it as gone after.
    /// Stored as `expiry`: `expires_at` is the TTL attribute, in whole seconds.
    #[serde(rename = "expiry")]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
    /// The member's account was deleted: the story is no longer linked to anyone.
    Unlinked,
}

/// Where a list of stories continues: the instant it is sorted by (published or created) and
/// the story's id, which breaks ties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPosition {
    at: DateTime<Utc>,
    id: String,
}

impl ListPosition {
    pub fn new(at: DateTime<Utc>, id: &str) -> Self {
        Self {
            at,
            id: id.to_owned(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The sort key: fixed-width RFC 3339 with microseconds, `#`, the id; as strings these
    /// sort as the instants do.
    pub fn key(&self) -> String {
        format!(
            "{}#{}",
            self.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            self.id
        )
    }

    /// The position of a key `key` made; anything else (another shape, an instant out of
    /// range, an id that is no story's) is `None`.
    pub fn parse(key: &str) -> Option<Self> {
        let (at, id) = key.split_once('#')?;
        let at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
        let position = Self::new(at, id);
        (is_story_id(id) && position.key() == key).then_some(position)
    }
}

/// Story ids are UUIDs; anything else cannot name a story.
pub fn is_story_id(id: &str) -> bool {
    uuid::Uuid::parse_str(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_parse_only_the_keys_they_make() {
        let id = "0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e";
        let position = ListPosition::new("2026-11-27T15:00:00.5Z".parse().unwrap(), id);
        assert_eq!(ListPosition::parse(&position.key()), Some(position));
        for bad in [
            "zzz".to_owned(),
            format!("2026-11-27T15:00:00.500000Z#{}", "not-a-uuid"),
            format!("2026-11-27T15:00:00Z#{id}"),
            format!("2026-13-27T15:00:00.000000Z#{id}"),
            format!("+10000-11-27T15:00:00.000000Z#{id}"),
            format!("2026-11-27T15:00:00.000000+01:00#{id}"),
            "2026-11-27T15:00:00.000000Z#".to_owned(),
        ] {
            assert_eq!(ListPosition::parse(&bad), None, "{bad}");
        }
    }
}
