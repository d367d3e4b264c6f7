//! What the stories routes take from the path, the query and the body.

use serde::Deserialize;
use shared::http::lang::Lang;
use shared::http::pagination::Position;
use utoipa::{IntoParams, ToSchema};

use super::story_view::StoryStatus;
use crate::domain::decision::{Action, Proposal};
use crate::domain::story::ListPosition;
use crate::domain::submission::{Consents, Draft};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    pub lang: Option<String>,
    /// Stories per page, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct QueueParams {
    /// `pending` (default), `held`, `approved`, `rejected` or `withdrawn`.
    #[param(value_type = Option<StoryStatus>)]
    pub status: Option<String>,
    /// Stories per page, 1 to 100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// A list's continuation: a story's position in it, under the list's own cursor name.
macro_rules! list_position {
    ($(#[$doc:meta])* $name:ident, $list:literal) => {
        $(#[$doc])*
        pub(super) struct $name(pub ListPosition);

        impl Position for $name {
            const LIST: &'static str = $list;

            fn to_key(&self) -> Vec<u8> {
                self.0.key().into_bytes()
            }

            fn from_key(key: &[u8]) -> Option<Self> {
                ListPosition::parse(std::str::from_utf8(key).ok()?).map(Self)
            }
        }
    };
}

list_position!(
    /// Where the published stories of a language continue.
    PublishedAfter,
    "stories"
);
list_position!(
    /// Where a moderation queue continues.
    QueuedAfter,
    "moderation-queue"
);
list_position!(
    /// Where a member's own list continues.
    MineAfter,
    "my-stories"
);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub(super) struct IdParam {
    /// The story's id (a UUID).
    #[param(pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    #[serde(deserialize_with = "story_id")]
    pub id: String,
}

/// A story id is a UUID: anything else is a 400 naming `id`, before any store is asked.
fn story_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let id = String::deserialize(deserializer)?;
    match uuid::Uuid::try_parse(&id) {
        Ok(uuid) if uuid.hyphenated().to_string() == id => Ok(id),
        _ => Err(serde::de::Error::custom(
            "must be a story id (a lowercase UUID)",
        )),
    }
}

/// `POST /v1/stories` as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionInput {
    /// Plain text (never interpreted as HTML or Markdown), 3 to 120 characters, without
    /// control, bidirectional or zero-width format characters.
    #[schema(min_length = 3, max_length = 120)]
    pub title: String,
    /// Plain text (never interpreted as HTML or Markdown), 100 to 10,000 characters; markup is
    /// accepted but holds the story for a moderator (flag `contains_markup`).
    #[schema(min_length = 100, max_length = 10000)]
    pub body: String,
    /// An optional pseudonym shown with the story: plain text, up to 50 characters, without
    /// control, bidirectional or zero-width format characters.
    #[schema(max_length = 50)]
    #[serde(default)]
    pub display_name: Option<String>,
    /// One of the form's `roles` codes.
    #[schema(example = "patient")]
    pub role: String,
    /// One of the form's `cancer_types` codes.
    #[schema(example = "melanoma")]
    pub cancer_type: String,
    /// One of the form's `treatments` codes.
    #[schema(example = "checkpoint_inhibitor")]
    pub treatment: String,
    /// One of the form's `age_ranges` codes.
    #[serde(default)]
    pub age_range: Option<String>,
    /// The language the story is written in.
    pub lang: Lang,
    /// Only with consent to be contacted; never published.
    #[serde(default)]
    pub contact_email: Option<String>,
    pub consents: ConsentsInput,
    /// The version of the consent texts shown (from the form).
    pub consent_version: String,
    /// The token from `GET /v1/stories/form`, good for one accepted submission: load the form
    /// again for another (a reuse is a 400 naming `form_token`).
    pub form_token: String,
    /// The CAPTCHA widget's token, where a CAPTCHA is configured.
    #[serde(default)]
    pub captcha_token: Option<String>,
    /// Must be absent or empty.
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentsInput {
    /// Required: consent to publish the health information in the story.
    pub publish_health_information: bool,
    /// Required: the submitter is the patient or has the patient's permission.
    pub patient_permission: bool,
    /// Optional: consent to be contacted at `contact_email`.
    #[serde(default)]
    pub contact: bool,
}

impl SubmissionInput {
    /// The story part of the body, for the domain's rules.
    pub fn draft(&self) -> Draft {
        Draft {
            title: self.title.clone(),
            body: self.body.clone(),
            display_name: self.display_name.clone(),
            role: self.role.clone(),
            cancer_type: self.cancer_type.clone(),
            treatment: self.treatment.clone(),
            age_range: self.age_range.clone(),
            lang: self.lang,
            contact_email: self.contact_email.clone(),
            consents: Consents {
                publish_health_information: self.consents.publish_health_information,
                patient_permission: self.consents.patient_permission,
                contact: self.consents.contact,
            },
            consent_version: self.consent_version.clone(),
        }
    }
}

shared::guarded_fields!(SubmissionInput);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionAction {
    Approve,
    Reject,
}

/// `POST /v1/moderation/stories/{id}/decisions` as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub action: DecisionAction,
    /// Why, for the audit trail: 1 to 1,000 characters.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
    /// The story version the moderator saw; a newer one makes this decision stale (409).
    #[serde(deserialize_with = "shared::http::extract::integral_u32")]
    pub version: u32,
    /// An edited title, kept as a new revision beside the original.
    #[schema(min_length = 3, max_length = 120)]
    #[serde(default)]
    pub title: Option<String>,
    /// An edited body, kept as a new revision beside the original.
    #[schema(min_length = 100, max_length = 10000)]
    #[serde(default)]
    pub body: Option<String>,
}

impl From<DecisionInput> for Proposal {
    fn from(input: DecisionInput) -> Self {
        Self {
            action: match input.action {
                DecisionAction::Approve => Action::Approve,
                DecisionAction::Reject => Action::Reject,
            },
            reason: input.reason,
            version: input.version,
            title: input.title,
            body: input.body,
        }
    }
}
