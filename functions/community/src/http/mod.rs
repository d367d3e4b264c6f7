//! The community routes and their OpenAPI description.

mod form;
mod leave;
mod signup;
mod views;

use std::sync::Arc;

use serde::Deserialize;
use shared::clock::Clock;
use shared::form_guard::FormGuard;
use shared::idempotency::{Idempotency, IdempotencyStore};
use shared::lang::Lang;
use shared::metrics::Metrics;
use shared::rate_limit::RateLimitStore;
use shared::secret::SecretKey;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::CommunitySettings;
use crate::domain::member::{Change, Mail};
use crate::domain::messages;
use crate::domain::tokens::MemberToken;
use crate::mail::{Mailer, OutgoingEmail};
use crate::store::{MemberStore, Write};

pub use views::*;

/// The form a token is issued for.
const FORM_PURPOSE: &str = "community";
/// Signups are small: an address, a name and a few codes.
pub const BODY_LIMIT_BYTES: usize = 8 * 1024;
/// Attempts at a read-modify-write before giving up on a contended record.
const WRITE_ATTEMPTS: usize = 8;

#[derive(Clone)]
pub struct CommunityState {
    members: Arc<dyn MemberStore>,
    mailer: Arc<dyn Mailer>,
    idempotency: Idempotency,
    guard: FormGuard,
    email_hash_key: SecretKey,
    manage_token_key: SecretKey,
    mail_from: String,
    frontend_base_url: String,
    api_base_url: String,
    clock: Arc<dyn Clock>,
    metrics: Metrics,
}

impl CommunityState {
    pub fn new(
        members: Arc<dyn MemberStore>,
        rate_limits: Arc<dyn RateLimitStore>,
        idempotency: Arc<dyn IdempotencyStore>,
        mailer: Arc<dyn Mailer>,
        settings: CommunitySettings,
        clock: Arc<dyn Clock>,
        metrics: Metrics,
    ) -> Self {
        Self {
            members,
            mailer,
            idempotency: Idempotency::new(idempotency),
            guard: FormGuard::new(FORM_PURPOSE, settings.form, rate_limits),
            email_hash_key: settings.email_hash_key,
            manage_token_key: settings.manage_token_key,
            mail_from: settings.mail_from,
            frontend_base_url: settings.frontend_base_url,
            api_base_url: settings.api_base_url,
            clock,
            metrics,
        }
    }

    /// The keyed hash that names an address's record.
    fn email_hash(&self, normalized: &str) -> String {
        crate::domain::tokens::email_hash(&self.email_hash_key, normalized)
    }

    /// Stores `change` (creating or replacing), with its consent event.
    async fn store(
        &self,
        change: &Change,
        previous_version: Option<u32>,
    ) -> Result<Write, shared::ApiError> {
        let now = self.clock.now();
        Ok(match previous_version {
            None => {
                self.members
                    .create(&change.record, change.event.as_ref(), now)
                    .await?
            }
            Some(version) => {
                self.members
                    .replace(&change.record, version, change.event.as_ref())
                    .await?
            }
        })
    }

    /// Sends the email a stored change asks for. A failure is logged, never shown: the record
    /// stays as it is, and the next signup sends again.
    async fn send(&self, change: &Change, confirmation_token: &str) {
        let (Some(mail), Some(to)) = (change.mail, change.record.email.as_deref()) else {
            return;
        };
        let manage = MemberToken::manage(&self.manage_token_key, &change.record.email_hash);
        // Mail clients POST the header's link (RFC 8058); people open the body's links, which
        // are pages of the site in the member's language with a button that does the POST.
        let unsubscribe_url = format!(
            "{}/v1/community/unsubscribe?token={manage}",
            self.api_base_url
        );
        let page = |name: &str, token: &str| {
            format!(
                "{}/{}/community/{name}/?token={token}",
                self.frontend_base_url,
                change.record.lang.code()
            )
        };
        let links = messages::Links {
            action: match mail {
                Mail::Confirm => page("confirm", confirmation_token),
                Mail::AlreadyMember => page("manage", &manage),
            },
            unsubscribe: page("unsubscribe", &manage),
            erase: page("erase", &manage),
        };
        let wording = messages::wording(mail, change.record.lang, &links);
        let email = OutgoingEmail {
            to: to.to_owned(),
            subject: wording.subject.to_owned(),
            text: wording.body,
            unsubscribe_url,
        };
        if let Err(error) = self.mailer.send(&self.mail_from, &email).await {
            tracing::error!(error = %error, source = ?std::error::Error::source(&error).map(ToString::to_string), "email not sent");
            self.metrics.count(metric::MAIL_FAILED);
        }
    }
}

pub fn routes(state: CommunityState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(form::get_form))
        .routes(routes!(signup::sign_up))
        .routes(routes!(leave::confirm))
        .routes(routes!(leave::unsubscribe))
        .routes(routes!(leave::erase))
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(axum::Extension(shared::http_stack::BodyLimit(
            BODY_LIMIT_BYTES,
        )))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LangParam {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    lang: Option<String>,
}

/// A short random pause before retrying a contended write, so that racing requests spread out.
pub(crate) async fn back_off() {
    let millis = 5 + u64::from(rand::random::<u8>() % 20);
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}

pub(crate) mod metric {
    pub const ACCEPTED: &str = "CommunitySignupAccepted";
    pub const CONFIRMED: &str = "CommunityConfirmed";
    pub const UNSUBSCRIBED: &str = "CommunityUnsubscribed";
    pub const ERASED: &str = "CommunityErased";
    pub const RATE_LIMITED: &str = "CommunityRateLimited";
    pub const MAIL_FAILED: &str = "CommunityMailFailed";
}
