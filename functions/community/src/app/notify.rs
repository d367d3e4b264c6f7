//! The emails a stored change asks for: which words, which links, from whom.

use std::sync::Arc;

use shared::secret::SecretKey;

use crate::domain::member::{Change, Mail};
use crate::domain::messages;
use crate::domain::tokens::MemberToken;
use crate::mail::{MailError, Mailer, OutgoingEmail};

#[derive(Clone)]
pub struct Notifier {
    pub mailer: Arc<dyn Mailer>,
    /// The sender.
    pub from: String,
    /// The frontend, whose pages the emails link to.
    pub frontend_base_url: String,
    /// This API's public base URL, for the one-click unsubscribe link.
    pub api_base_url: String,
    /// Derives the manage token every email carries.
    pub manage_token_key: SecretKey,
}

impl Notifier {
    /// Sends the email `change` asks for, if any. A failure is logged, never shown: the record
    /// stays as it is, and the next signup sends again.
    pub async fn send(&self, change: &Change, confirmation_token: &str) -> Result<(), MailError> {
        let (Some(mail), Some(to)) = (change.mail, change.record.email.as_deref()) else {
            return Ok(());
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
        let sent = self.mailer.send(&self.from, &email).await;
        if let Err(error) = &sent {
            tracing::error!(error = %error, source = ?std::error::Error::source(error).map(ToString::to_string), "email not sent");
        }
        sent
    }
}
