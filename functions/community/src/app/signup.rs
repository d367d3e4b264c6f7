//! Signing up: whatever the address's state, the record changes as the domain says and its
//! owner is told by email; the caller learns nothing about the address.

use chrono::{DateTime, Utc};
use shared::secret::SecretKey;

use super::notify::NotSent;
use super::{read_modify_write, CommunityError, Notifier};
use crate::domain::member;
use crate::domain::signup::ValidSignup;
use crate::domain::tokens::{email_hash, MemberToken};
use crate::store::{MemberReader, MemberWriter};

/// What a stored signup did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedUp {
    /// The email it asked for could not be sent (logged; the next signup sends again).
    pub mail_failed: bool,
    /// The email was not sent because today's budget is spent.
    pub mail_budget_spent: bool,
}

/// Read, decide, write if unchanged since the read: concurrent signups for one address
/// serialize on the record's version, so one record and a bounded number of emails result.
pub async fn sign_up(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    notifier: &Notifier,
    email_hash_key: &SecretKey,
    signup: &ValidSignup,
    now: DateTime<Utc>,
) -> Result<SignedUp, CommunityError> {
    let hash = email_hash(email_hash_key, signup.email.as_str());
    // A fresh confirmation token for each attempt; the stored attempt's is the one mailed.
    let mut token = String::new();
    let stored = read_modify_write(reader, writer, &hash, now, |existing| {
        let (fresh, fresh_sha256) = MemberToken::new_confirmation(&hash);
        token = fresh;
        Ok(member::sign_up(existing, signup, &hash, &fresh_sha256, now))
    })
    .await
    .map_err(|error| match error {
        // Never answer "accepted" for a signup that was not stored.
        CommunityError::Busy => CommunityError::SignupContended,
        other => other,
    })?;
    let sent = match stored {
        Some(change) => notifier.send(&change, &token, now).await,
        None => Ok(()),
    };
    Ok(SignedUp {
        mail_failed: matches!(sent, Err(NotSent::Failed(_) | NotSent::Budget(_))),
        mail_budget_spent: matches!(sent, Err(NotSent::BudgetSpent)),
    })
}
