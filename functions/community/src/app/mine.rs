//! A signed-in member's subscription and account: the same records as the anonymous flow,
//! found by the address the identity provider gave, so one address is one subscription
//! whichever way it joined.

use chrono::{DateTime, Utc};
use shared::secret::SecretKey;

use super::{read_modify_write, sign_up, CommunityError, Notifier, SignedUp};
use crate::accounts::AccountDirectory;
use crate::domain::consent::ConsentEvent;
use crate::domain::member::{self, MemberRecord};
use crate::domain::membership::{self, Standing};
use crate::domain::signup::ValidSignup;
use crate::domain::tokens::email_hash;
use crate::store::{MemberReader, MemberWriter};

/// The member's subscription: their record, if any, and the consent it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub standing: Standing,
    pub record: Option<MemberRecord>,
    pub consent: Option<ConsentEvent>,
}

/// What a join did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// Subscribed at once: the provider vouches for the address.
    Subscribed,
    /// The confirmation email went out (or is capped as the anonymous flow caps it).
    Confirming(SignedUp),
}

pub async fn my_membership(
    reader: &dyn MemberReader,
    hash_key: &SecretKey,
    email: &str,
    now: DateTime<Utc>,
) -> Result<Membership, CommunityError> {
    let hash = email_hash(hash_key, email);
    let record = reader.get(&hash, now).await?;
    let standing = Standing::of(record.as_ref(), now);
    let consent = match standing {
        Standing::Subscribed => {
            let history = reader.consent_history(&hash).await?;
            membership::current_consent(&history).cloned()
        }
        _ => None,
    };
    Ok(Membership {
        standing,
        record,
        consent,
    })
}

/// Joins, or changes interests and language. With a verified address the member is subscribed
/// at once; otherwise it is the anonymous signup, confirmation email and all.
pub async fn join_mine(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    notifier: &Notifier,
    hash_key: &SecretKey,
    signup: &ValidSignup,
    verified: bool,
    now: DateTime<Utc>,
) -> Result<Joined, CommunityError> {
    if !verified {
        let sent = sign_up(reader, writer, notifier, hash_key, signup, now).await?;
        return Ok(Joined::Confirming(sent));
    }
    let hash = email_hash(hash_key, signup.email.as_str());
    read_modify_write(reader, writer, &hash, now, |existing| {
        Ok(membership::join_verified(existing, signup, &hash, now))
    })
    .await?;
    Ok(Joined::Subscribed)
}

/// Leaves the community list, as the unsubscribe link does. True when it changed now.
pub async fn leave_mine(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    hash_key: &SecretKey,
    email: &str,
    now: DateTime<Utc>,
) -> Result<bool, CommunityError> {
    let hash = email_hash(hash_key, email);
    let stored = read_modify_write(reader, writer, &hash, now, |existing| {
        Ok(existing.and_then(|record| member::unsubscribe(record, now)))
    })
    .await?;
    Ok(stored.is_some())
}

/// Deletes the member's account: the subscription's personal data erased as the erasure link
/// does (the keyed hash stays, so the address is not mailed again), then the account removed
/// from the pool. Safe to repeat.
pub async fn delete_my_account(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    accounts: &dyn AccountDirectory,
    hash_key: &SecretKey,
    email: Option<&str>,
    username: &str,
    now: DateTime<Utc>,
) -> Result<(), CommunityError> {
    if let Some(email) = email {
        let hash = email_hash(hash_key, email);
        read_modify_write(reader, writer, &hash, now, |existing| {
            // Nothing to erase for an address that never joined: no suppression entry either.
            Ok(existing.and_then(|record| member::erase(Some(record), &hash, now)))
        })
        .await?;
    }
    accounts.delete(username).await?;
    Ok(())
}
