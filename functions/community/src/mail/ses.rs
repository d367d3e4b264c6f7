use async_trait::async_trait;
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{EmailContent, RawMessage};

use super::{MailError, Mailer, OutgoingEmail};

/// Amazon SES v2, sending the same raw message the outbox writes, so that the unsubscribe
/// headers reach the mailbox exactly as tested.
#[derive(Debug, Clone)]
pub struct SesMailer {
    client: aws_sdk_sesv2::Client,
}

impl SesMailer {
    pub fn new(client: aws_sdk_sesv2::Client) -> Self {
        Self { client }
    }
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, from: &str, email: &OutgoingEmail) -> Result<(), MailError> {
        let raw = RawMessage::builder()
            .data(Blob::new(super::render(from, email)?))
            .build()
            .map_err(|e| MailError(Box::new(e)))?;
        self.client
            .send_email()
            .from_email_address(from)
            .content(EmailContent::builder().raw(raw).build())
            .send()
            .await
            .map_err(|e| MailError(Box::new(e)))?;
        Ok(())
    }
}
