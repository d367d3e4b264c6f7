use std::path::PathBuf;

use async_trait::async_trait;

use super::{MailError, Mailer, OutgoingEmail};

/// The local server's mail: each message is written as an `.eml` file into a folder, and the
/// log says which file (never to whom).
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
}

impl OutboxMailer {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, from: &str, email: &OutgoingEmail) -> Result<(), MailError> {
        let bytes = super::render(from, email)?;
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| MailError(Box::new(e)))?;
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
            uuid::Uuid::new_v4().simple()
        );
        let path = self.dir.join(name);
        tokio::fs::write(&path, bytes)
            .await
            .map_err(|e| MailError(Box::new(e)))?;
        tracing::info!(file = %path.display(), subject = %email.subject, "wrote an email to the local outbox");
        Ok(())
    }
}
