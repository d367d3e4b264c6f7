//! What the member routes take and answer with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::http::lang::Lang;
use shared::http::member::Member;
use utoipa::ToSchema;

use crate::app::Membership;
use crate::domain::consent::ConsentEventKind;
use crate::domain::membership::Standing;

/// The signed-in member.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// The pseudonymous id the site stores against my stories.
    pub id: String,
    /// As the identity provider gave it; `null` if it gave none.
    pub email: Option<String>,
    /// Whether the provider vouches for the address.
    pub email_verified: bool,
    /// The identity providers linked to the account, such as `facebook` or `google`.
    pub providers: Vec<String>,
}

impl Me {
    pub fn of(member: Member) -> Self {
        Self {
            id: member.id.to_string(),
            email: member.email,
            email_verified: member.email_verified,
            providers: member.providers,
        }
    }
}

/// `PUT /v1/me/community`: join or change (`subscribed: true`, with the signup form's fields)
/// or leave (`subscribed: false`, nothing else needed).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipInput {
    pub subscribed: bool,
    /// Codes from `GET /v1/community/form`'s `interests`.
    #[serde(default)]
    pub interests: Vec<String>,
    /// The language of the emails; required to join.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Must be true to join: consent to receive community email.
    #[serde(default)]
    pub consent: Option<bool>,
    /// The version of the consent text shown (`GET /v1/community/form`); required to join.
    #[serde(default)]
    pub consent_version: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// Not subscribed (never joined, left, or erased).
    None,
    /// Waiting for the link in the confirmation email.
    Pending,
    Subscribed,
}

/// How consent was given.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// Signed in, with an address the identity provider verified.
    SignedInMember,
    /// By following the link in the confirmation email (double opt-in).
    EmailConfirmation,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub method: ConsentMethod,
    /// The version of the consent text agreed to.
    pub version: String,
    pub at: DateTime<Utc>,
}

/// My subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipView {
    pub status: MembershipStatus,
    /// The address the emails go to, while subscribed.
    pub email: Option<String>,
    pub interests: Vec<String>,
    pub lang: Option<Lang>,
    /// The consent the subscription stands on, while subscribed.
    pub consent: Option<ConsentView>,
}

impl MembershipView {
    pub fn of(membership: Membership) -> Self {
        let status = match membership.standing {
            Standing::None => MembershipStatus::None,
            Standing::Pending => MembershipStatus::Pending,
            Standing::Subscribed => MembershipStatus::Subscribed,
        };
        let record = membership
            .record
            .filter(|_| !matches!(membership.standing, Standing::None));
        Self {
            status,
            email: record
                .as_ref()
                .filter(|_| matches!(membership.standing, Standing::Subscribed))
                .and_then(|record| record.email.clone()),
            interests: record
                .as_ref()
                .map(|record| record.interests.clone())
                .unwrap_or_default(),
            lang: record.as_ref().map(|record| record.lang),
            consent: membership.consent.map(|event| ConsentView {
                method: match event.kind {
                    ConsentEventKind::MemberConsent => ConsentMethod::SignedInMember,
                    _ => ConsentMethod::EmailConfirmation,
                },
                version: event.text_version,
                at: event.at,
            }),
        }
    }
}
