use std::sync::Mutex;

use async_trait::async_trait;

use super::{MailError, Mailer, OutgoingEmail};

/// Keeps messages in memory, for tests; can be told to fail.
#[derive(Debug, Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<OutgoingEmail>>,
    failing: std::sync::atomic::AtomicBool,
}

impl MemoryMailer {
    pub fn sent(&self) -> Vec<OutgoingEmail> {
        self.sent.lock().expect("lock poisoned").clone()
    }

    pub fn sent_to(&self, address: &str) -> Vec<OutgoingEmail> {
        self.sent()
            .into_iter()
            .filter(|email| email.to == address)
            .collect()
    }

    /// Makes every following send fail (or succeed again).
    pub fn set_failing(&self, failing: bool) {
        self.failing
            .store(failing, std::sync::atomic::Ordering::SeqCst);
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, from: &str, email: &OutgoingEmail) -> Result<(), MailError> {
        if self.failing.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(MailError("the mail service is down (test)".into()));
        }
        super::render(from, email)?;
        self.sent.lock().expect("lock poisoned").push(email.clone());
        Ok(())
    }
}
