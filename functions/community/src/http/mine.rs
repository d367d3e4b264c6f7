//! The signed-in member's account (`/v1/me`) and subscription (`/v1/me/community`). Every
//! route takes the member from their verified token; none can name another member.

use super::answers::{BodyOver8Kb, SubscriptionChanging};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::forms::email::EmailAddress;
use shared::http::caching::no_store;
use shared::http::extract::Json;
use shared::http::member::Member;
use shared::http::problem::FieldLocation;
use shared::http::responses::{NoMemberToken, NotJson, Unavailable};
use shared::{ApiError, Problem};

use super::me_views::{Me, MembershipInput, MembershipView};
use super::{metric, AccountState, MembershipState};
use crate::app::{self, Joined};
use crate::domain::signup::{validate, Draft};

/// The member's address as the store keys it: parsed as a signup's is.
fn address(member: &Member) -> Result<EmailAddress, ApiError> {
    let given = member.email.as_deref().ok_or_else(no_address)?;
    EmailAddress::parse(given).map_err(|_| no_address())
}

fn no_address() -> ApiError {
    ApiError::invalid_field(
        FieldLocation::Header,
        "Authorization",
        "the sign-in gave no usable email address: sign in with a provider that shares one",
    )
}

/// Who I am: my pseudonymous id, my address as the provider gave it, the providers linked.
#[utoipa::path(
    get,
    path = "/v1/me",
    tag = "members",
    security(("member_jwt" = [])),
    responses(
        (status = 200, description = "The signed-in member.", body = Me),
        (status = 401, response = NoMemberToken),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_me(member: Member) -> Response {
    no_store(StatusCode::OK, Me::of(member))
}

/// Deletes my account: my subscription's personal data erased (as the erasure link does) and
/// the account removed from the members' pool. Delete my stories first
/// (`DELETE /v1/me/stories`): they are kept by another service. Safe to repeat.
#[utoipa::path(
    delete,
    path = "/v1/me",
    tag = "members",
    security(("member_jwt" = [])),
    responses(
        (status = 204, description = "Deleted (also when it already was). The token stops working when it expires."),
        (status = 401, response = NoMemberToken),
        SubscriptionChanging,
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn delete_me(
    member: Member,
    State(state): State<AccountState>,
) -> Result<Response, ApiError> {
    let email = member
        .email
        .as_deref()
        .and_then(|email| EmailAddress::parse(email).ok());
    let username = member.username.as_deref().unwrap_or(member.id.as_str());
    let (reader, writer) = (state.members.reader.as_ref(), state.members.writer.as_ref());
    app::delete_my_account(
        reader,
        writer,
        state.accounts.as_ref(),
        &state.email_hash_key,
        email.as_ref().map(EmailAddress::as_str),
        username,
        state.clock.now(),
    )
    .await?;
    state.metrics.count(metric::ACCOUNT_DELETED);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// My subscription to the community emails.
#[utoipa::path(
    get,
    path = "/v1/me/community",
    tag = "members",
    security(("member_jwt" = [])),
    responses(
        (status = 200, description = "My subscription.", body = MembershipView),
        (status = 400, description = "The sign-in gave no usable email address (`errors` names `Authorization`).",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, response = NoMemberToken),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn get_my_membership(
    member: Member,
    State(state): State<MembershipState>,
) -> Result<Response, ApiError> {
    let email = address(&member)?;
    let reader = state.members.reader.as_ref();
    let now = state.clock.now();
    let membership = app::my_membership(reader, &state.email_hash_key, email.as_str(), now).await?;
    Ok(no_store(StatusCode::OK, MembershipView::of(membership)))
}

/// Joins, changes interests and language (`subscribed: true`), or leaves (`subscribed: false`).
/// With an address the provider verified, joining is confirmed at once; otherwise a
/// confirmation email is sent and the subscription is `pending` until its link is followed.
#[utoipa::path(
    put,
    path = "/v1/me/community",
    tag = "members",
    security(("member_jwt" = [])),
    request_body(content = MembershipInput, content_type = "application/json"),
    responses(
        (status = 200, description = "My subscription after the change.", body = MembershipView),
        (status = 400, description = "A field is invalid (each is named in `errors`), or the sign-in gave \
            no usable email address.", body = Problem, content_type = "application/problem+json"),
        (status = 401, response = NoMemberToken),
        SubscriptionChanging,
        BodyOver8Kb,
        (status = 415, response = NotJson),
        (status = 503, response = Unavailable),
    )
)]
pub(super) async fn put_my_membership(
    member: Member,
    State(state): State<MembershipState>,
    Json(input): Json<MembershipInput>,
) -> Result<Response, ApiError> {
    let email = address(&member)?;
    let (reader, writer) = (state.members.reader.as_ref(), state.members.writer.as_ref());
    let key = &state.email_hash_key;
    let now = state.clock.now();
    if input.subscribed {
        let draft = Draft {
            email: email.as_str().to_owned(),
            first_name: None,
            interests: input.interests.clone(),
            lang: input.lang.ok_or_else(|| required("lang"))?,
            consent: input.consent.unwrap_or(false),
            consent_version: input.consent_version.clone().unwrap_or_default(),
            // The consent event's kind says it was given signed in; no page is kept.
            source_page: None,
        };
        let signup = validate(&draft)?;
        let joined = app::join_mine(
            reader,
            writer,
            &state.notifier,
            key,
            &signup,
            member.email_verified,
            now,
        )
        .await?;
        match joined {
            Joined::Subscribed => state.metrics.count(metric::MEMBER_JOINED),
            Joined::Confirming(sent) if sent.mail_failed => {
                state.metrics.count(metric::MAIL_FAILED)
            }
            Joined::Confirming(_) => state.metrics.count(metric::ACCEPTED),
        }
    } else if app::leave_mine(reader, writer, key, email.as_str(), now).await? {
        state.metrics.count(metric::UNSUBSCRIBED);
    }
    let membership = app::my_membership(reader, key, email.as_str(), now).await?;
    Ok(no_store(StatusCode::OK, MembershipView::of(membership)))
}

fn required(field: &str) -> ApiError {
    ApiError::invalid_field(FieldLocation::Body, field, "is required to join")
}
