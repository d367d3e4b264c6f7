//! Signing up: whatever the address's state, the record changes as the domain says and its
//! owner is told by email; the caller learns nothing about the address.

use chrono::{DateTime, Utc};
use shared::secret::SecretKey;

use super::notify::{NotSent, Recipient};
use super::{read_modify_write, CommunityError, Notifier};
use crate::domain::confirmation::Confirmation;
use crate::domain::member;
use crate::domain::signup::ValidSignup;
use crate::domain::tokens::email_hash;
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
/// The address and the details go only into the email's sealed confirmation link.
pub async fn sign_up(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    notifier: &Notifier,
    email_hash_key: &SecretKey,
    signup: &ValidSignup,
    now: DateTime<Utc>,
) -> Result<SignedUp, CommunityError> {
    let hash = email_hash(email_hash_key, signup.email.as_str());
    let stored = read_modify_write(reader, writer, &hash, now, |existing| {
        Ok(member::sign_up(existing, signup, &hash, now))
    })
    .await
    .map_err(|error| match error {
        // Never answer "accepted" for a signup that was not stored.
        CommunityError::Busy => CommunityError::SignupContended,
        other => other,
    })?;
    let sent = match stored {
        Some(change) => {
            let token = notifier
                .token_keys
                .seal_confirmation(&Confirmation::of(signup, now));
            let to = Recipient {
                address: signup.email.as_str(),
                lang: signup.lang,
            };
            notifier.send(&change, &to, &token, now).await
        }
        None => Ok(()),
    };
    Ok(SignedUp {
        mail_failed: matches!(sent, Err(NotSent::Failed(_) | NotSent::Budget(_))),
        mail_budget_spent: matches!(sent, Err(NotSent::BudgetSpent)),
    })
}
