//! The community routes: thin handlers that parse, call one use case and render.

mod answers;
mod errors;
mod form;
mod leave;
mod me_views;
mod mine;
mod params;
mod signup;
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

use crate::accounts::AccountDirectory;
use crate::app::Notifier;
use crate::domain::tokens::TokenKeys;
use crate::store::MemberPorts;

pub use me_views::{
    ConsentMethod, ConsentView, Me, MembershipInput, MembershipStatus, MembershipView,
};
pub use params::{ConfirmationInput, OneClickUnsubscribe, SignupInput, TokenInput};
pub use views::*;

/// Signups are small: an address, a name and a few codes.
pub const BODY_LIMIT_BYTES: usize = 8 * 1024;

/// What a signup needs: the guarded pipeline, the member record, and the emails.
#[derive(Clone)]
pub struct SignupState {
    pub form: FormPipeline,
    pub members: MemberPorts,
    pub notifier: Notifier,
    /// Keys the hash that names an address's record.
    pub email_hash_key: SecretKey,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
}

/// What the routes with a token from an email (confirm, unsubscribe, erase) need; erasure
/// mails a fresh link when its token cannot erase.
#[derive(Clone)]
pub struct TokenState {
    pub members: MemberPorts,
    pub token_keys: TokenKeys,
    /// Names the record of the address a confirmation link seals.
    pub email_hash_key: SecretKey,
    pub notifier: Notifier,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
}

/// What the account routes (`/v1/me`) need: the subscription, to erase it, and the pool.
#[derive(Clone)]
pub struct AccountState {
    pub members: MemberPorts,
    pub accounts: Arc<dyn AccountDirectory>,
    pub email_hash_key: SecretKey,
    pub audience: MemberAudience,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
}

/// What the member's subscription routes need: the record and, for an unverified address,
/// the confirmation email.
#[derive(Clone)]
pub struct MembershipState {
    pub members: MemberPorts,
    pub notifier: Notifier,
    pub email_hash_key: SecretKey,
    pub audience: MemberAudience,
    pub clock: Arc<dyn Clock>,
    pub metrics: Metrics,
}

impl FromRef<AccountState> for MemberAudience {
    fn from_ref(state: &AccountState) -> Self {
        state.audience.clone()
    }
}

impl FromRef<MembershipState> for MemberAudience {
    fn from_ref(state: &MembershipState) -> Self {
        state.audience.clone()
    }
}

/// The routes, each with the state it needs and nothing more.
pub fn routes(
    form: FormState,
    signup: SignupState,
    tokens: TokenState,
    account: AccountState,
    membership: MembershipState,
) -> OpenApiRouter {
    let form = OpenApiRouter::new()
        .routes(routes!(form::get_form))
        .with_state(form);
    let signup = OpenApiRouter::new()
        .routes(routes!(signup::sign_up))
        .with_state(signup);
    let tokens = OpenApiRouter::new()
        .routes(routes!(leave::confirm))
        .routes(routes!(leave::unsubscribe))
        .routes(routes!(leave::erase))
        .with_state(tokens);
    let account = OpenApiRouter::new()
        .routes(routes!(mine::get_me, mine::delete_me))
        .with_state(account);
    let membership = OpenApiRouter::new()
        .routes(routes!(mine::get_my_membership, mine::put_my_membership))
        .with_state(membership);
    form.merge(signup)
        .merge(tokens)
        .merge(account)
        .merge(membership)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(axum::Extension(shared::http::stack::BodyLimit(
            BODY_LIMIT_BYTES,
        )))
}

pub(crate) mod metric {
    pub const ACCEPTED: &str = "CommunitySignupAccepted";
    pub const CONFIRMED: &str = "CommunityConfirmed";
    pub const UNSUBSCRIBED: &str = "CommunityUnsubscribed";
    pub const ERASED: &str = "CommunityErased";
    pub const RATE_LIMITED: &str = "CommunityRateLimited";
    /// A signed-in member joined with a verified address.
    pub const MEMBER_JOINED: &str = "CommunityMemberJoined";
    pub const ACCOUNT_DELETED: &str = "MemberAccountDeleted";
    pub const MAIL_FAILED: &str = "CommunityMailFailed";
    /// An email not sent because the function's daily budget was spent (alarmed).
    pub const MAIL_BUDGET_SPENT: &str = "CommunityMailBudgetSpent";
}
