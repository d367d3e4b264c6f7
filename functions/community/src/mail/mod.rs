//! Sending email, behind a port: Amazon SES in Lambda, a local outbox folder of `.eml` files for
//! the local server, and memory for tests. Every message carries one-click unsubscribe headers
//! (RFC 8058).

mod memory;
mod outbox;
mod ses;

use async_trait::async_trait;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;

pub use memory::MemoryMailer;
pub use outbox::OutboxMailer;
pub use ses::SesMailer;

/// One message to one address.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// The HTTPS URL a mail client POSTs to for one-click unsubscribe.
    pub unsubscribe_url: String,
}

impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Addresses and links with tokens are personal: never in logs or panics.
        f.debug_struct("OutgoingEmail")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the email could not be sent")]
pub struct MailError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, from: &str, email: &OutgoingEmail) -> Result<(), MailError>;
}

/// The message as RFC 5322 bytes, with `List-Unsubscribe` and `List-Unsubscribe-Post`.
pub fn render(from: &str, email: &OutgoingEmail) -> Result<Vec<u8>, MailError> {
    let fail = |error: Box<dyn std::error::Error + Send + Sync>| MailError(error);
    let from: Mailbox = from.parse().map_err(|e| fail(Box::new(e)))?;
    let to: Mailbox = email.to.parse().map_err(|e| fail(Box::new(e)))?;
    let message = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(&email.subject)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", email.unsubscribe_url),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ))
        .header(ContentType::TEXT_PLAIN)
        .body(email.text.clone())
        .map_err(|e| fail(Box::new(e)))?;
    Ok(message.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_one_click_unsubscribe_headers() {
        let email = OutgoingEmail {
            to: "maria@xn--espaa-rta.es".to_owned(),
            subject: "Confirme su suscripción a la ImmunoCommunity".to_owned(),
            text: "Hola: ¿confirma?".to_owned(),
            unsubscribe_url: "https://api.example/v1/community/unsubscribe?token=abc".to_owned(),
        };
        let bytes = render("ImmunoCommunity <community@immunoguide.example>", &email).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.contains(
                "List-Unsubscribe: <https://api.example/v1/community/unsubscribe?token=abc>"
            ),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(text.contains("To: maria@xn--espaa-rta.es"));
        let subject = text
            .lines()
            .find(|line| line.starts_with("Subject:"))
            .unwrap();
        assert!(
            subject.contains("=?utf-8?b?") && !subject.contains('ó'),
            "non-ASCII is encoded: {subject}"
        );
        assert!(!format!("{email:?}").contains("maria"));
    }
}
