//! The stored story as the API shows it to moderators: view types that mirror the domain's,
//! under the same schema names, so that the OpenAPI document describes the views and the
//! domain knows nothing of it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use crate::domain::{catalog, consent, screening, story, submission};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
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

impl From<story::StoryStatus> for StoryStatus {
    fn from(status: story::StoryStatus) -> Self {
        match status {
            story::StoryStatus::Pending => Self::Pending,
            story::StoryStatus::Held => Self::Held,
            story::StoryStatus::Approved => Self::Approved,
            story::StoryStatus::Rejected => Self::Rejected,
            story::StoryStatus::Withdrawn => Self::Withdrawn,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HoldFlag {
    ManyLinks,
    ContainsEmail,
    ContainsPhone,
    ContainsMarkup,
}

impl From<screening::HoldFlag> for HoldFlag {
    fn from(flag: screening::HoldFlag) -> Self {
        match flag {
            screening::HoldFlag::ManyLinks => Self::ManyLinks,
            screening::HoldFlag::ContainsEmail => Self::ContainsEmail,
            screening::HoldFlag::ContainsPhone => Self::ContainsPhone,
            screening::HoldFlag::ContainsMarkup => Self::ContainsMarkup,
        }
    }
}

/// The personal and health details of a submission; erased on withdrawal and by retention.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Profile {
    pub role: String,
    pub cancer_type: String,
    pub treatment: String,
    pub age_range: Option<String>,
    pub display_name: Option<String>,
    /// Never published.
    pub contact_email: Option<String>,
}

impl From<story::Profile> for Profile {
    fn from(profile: story::Profile) -> Self {
        Self {
            role: profile.role,
            cancer_type: profile.cancer_type,
            treatment: profile.treatment,
            age_range: profile.age_range,
            display_name: profile.display_name,
            contact_email: profile.contact_email,
        }
    }
}

/// One version of the text: the submitter's original is revision 1; a moderator's edit adds one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revision {
    pub number: u32,
    pub title: String,
    pub body: String,
    /// `submitter`, or `moderator:<subject>`.
    pub author: String,
    pub created_at: DateTime<Utc>,
}

impl From<story::Revision> for Revision {
    fn from(revision: story::Revision) -> Self {
        Self {
            number: revision.number,
            title: revision.title,
            body: revision.body,
            author: revision.author,
            created_at: revision.created_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// To publish the health information in the story.
    PublishHealthInformation,
    /// That the submitter is the patient or has the patient's permission.
    PatientPermission,
    /// To be contacted about the story.
    Contact,
}

impl From<consent::ConsentPurpose> for ConsentPurpose {
    fn from(purpose: consent::ConsentPurpose) -> Self {
        match purpose {
            consent::ConsentPurpose::PublishHealthInformation => Self::PublishHealthInformation,
            consent::ConsentPurpose::PatientPermission => Self::PatientPermission,
            consent::ConsentPurpose::Contact => Self::Contact,
        }
    }
}

/// Who consented to what, when, under which text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentRecord {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub text_version: String,
    pub text_lang: Lang,
    pub text_sha256: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<consent::ConsentRecord> for ConsentRecord {
    fn from(record: consent::ConsentRecord) -> Self {
        Self {
            purpose: record.purpose.into(),
            granted: record.granted,
            text_version: record.text_version,
            text_lang: record.text_lang,
            text_sha256: record.text_sha256,
            recorded_at: record.recorded_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
    /// The submitter's member account was deleted.
    Unlinked,
}

impl From<story::AuditAction> for AuditAction {
    fn from(action: story::AuditAction) -> Self {
        match action {
            story::AuditAction::Submitted => Self::Submitted,
            story::AuditAction::Approved => Self::Approved,
            story::AuditAction::Rejected => Self::Rejected,
            story::AuditAction::Withdrawn => Self::Withdrawn,
            story::AuditAction::Unlinked => Self::Unlinked,
        }
    }
}

/// One line of the audit trail. Holds no personal data, so it outlives the story.
#[derive(Debug, Clone, Serialize, ToSchema)]
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

impl From<story::AuditEntry> for AuditEntry {
    fn from(entry: story::AuditEntry) -> Self {
        Self {
            story_id: entry.story_id,
            at: entry.at,
            actor: entry.actor,
            action: entry.action.into(),
            from: entry.from.map(Into::into),
            to: entry.to.into(),
            reason: entry.reason,
            revision: entry.revision,
            version: entry.version,
        }
    }
}

// The form's parts are built by the form route from the domain's catalog as they are; these
// give them their schema (`value_type` in `StoryForm`), and the tests below keep both in step.

/// An allowed value as a form shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LabelledOption {
    pub code: &'static str,
    pub label: &'static str,
}

impl From<&catalog::LabelledOption> for LabelledOption {
    fn from(option: &catalog::LabelledOption) -> Self {
        Self {
            code: option.code,
            label: option.label,
        }
    }
}

/// A consent as the form presents it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentText {
    pub purpose: ConsentPurpose,
    pub required: bool,
    pub version: &'static str,
    pub text: &'static str,
}

impl From<&consent::ConsentText> for ConsentText {
    fn from(text: &consent::ConsentText) -> Self {
        Self {
            purpose: text.purpose.into(),
            required: text.required,
            version: text.version,
            text: text.text,
        }
    }
}

/// Lengths in characters as a person sees them (extended grapheme clusters).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Limits {
    pub title_min: usize,
    pub title_max: usize,
    pub body_min: usize,
    pub body_max: usize,
    pub display_name_max: usize,
}

impl From<submission::Limits> for Limits {
    fn from(limits: submission::Limits) -> Self {
        Self {
            title_min: limits.title_min,
            title_max: limits.title_max,
            body_min: limits.body_min,
            body_max: limits.body_max,
            display_name_max: limits.display_name_max,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn the_form_parts_serialize_as_their_schema_says() {
        for lang in Lang::ALL {
            for option in catalog::options(catalog::ROLES, lang) {
                assert_eq!(json(&option), json(&LabelledOption::from(&option)));
            }
            for text in consent::texts(lang) {
                assert_eq!(json(&text), json(&ConsentText::from(&text)));
            }
        }
        let limits = submission::LIMITS;
        assert_eq!(json(&limits), json(&Limits::from(limits)));
    }

    #[test]
    fn statuses_serialize_as_the_domain_codes() {
        for status in story::StoryStatus::ALL {
            assert_eq!(json(&StoryStatus::from(status)), status.code());
        }
    }
}
