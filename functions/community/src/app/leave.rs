//! Confirming, unsubscribing and erasing, each with a token from an email.

use chrono::{DateTime, Utc};
use shared::secret::SecretKey;

use super::notify::{NotSent, Recipient};
use super::{read_modify_write, CommunityError, Notifier};
use crate::domain::member::{self, Change, MemberRecord};
use crate::domain::tokens::{email_hash, Purpose, SignedToken, TokenKeys};
use crate::store::{MemberReader, MemberWriter};

/// A token this API signed, for any purpose.
fn signed(keys: &TokenKeys, token: &str) -> Result<SignedToken, CommunityError> {
    keys.verify(token).ok_or(CommunityError::ForeignToken)
}

/// What an erasure request did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    /// Erased now (`true`), or it already was (`false`).
    Erased(bool),
    /// The token could not erase (an unsubscribe link's, or an expired erasure link's): a fresh
    /// erasure link goes to the address, if any is kept and its daily cap allows (a record
    /// keeping no address is erased at once instead).
    LinkSent,
}

/// Confirms the signup a confirmation link seals (double opt-in). True when it changed now;
/// confirming again changes nothing and is no error.
pub async fn confirm(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    keys: &TokenKeys,
    email_hash_key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, CommunityError> {
    let confirmation = keys
        .open_confirmation(token)
        .filter(|confirmation| confirmation.is_live(now))
        .ok_or(CommunityError::StaleConfirmation)?;
    let hash = email_hash(email_hash_key, confirmation.email.as_str());
    let stored = read_modify_write(reader, writer, &hash, now, |existing| {
        member::confirm(existing, &confirmation, &hash, now)
            .map_err(|_| CommunityError::StaleConfirmation)
    })
    .await?;
    Ok(stored.is_some())
}

/// Unsubscribes the member a signed token names (any of ours may unsubscribe). True when it
/// changed now.
pub async fn unsubscribe(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    keys: &TokenKeys,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, CommunityError> {
    let token = signed(keys, token)?;
    changed(reader, writer, &token.email_hash, now, |existing, _| {
        existing.and_then(|record| member::unsubscribe(record, now))
    })
    .await
}

/// Erases the personal data of the address a live erasure token names, keeping only its keyed
/// hash. Any other token of ours asks for a fresh erasure link by email instead, so only the
/// address's owner can erase (a forwarded email or a logged link cannot).
pub async fn erase(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    notifier: &Notifier,
    keys: &TokenKeys,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Erasure, CommunityError> {
    let token = signed(keys, token)?;
    if matches!(token.purpose, Purpose::Erase { expires_at } if expires_at > now) {
        let erased = changed(reader, writer, &token.email_hash, now, |existing, hash| {
            member::erase(existing, hash, now)
        })
        .await?;
        return Ok(Erasure::Erased(erased));
    }
    let stored = read_modify_write(reader, writer, &token.email_hash, now, |existing| {
        Ok(existing.and_then(|record| member::request_erasure(record, now)))
    })
    .await?;
    let Some(change) = stored else {
        return Ok(Erasure::LinkSent);
    };
    let Some(address) = change.record.email.as_deref() else {
        // Nothing personal was kept: erased at once.
        return Ok(Erasure::Erased(true));
    };
    let to = Recipient {
        address,
        lang: change.record.lang,
    };
    // A failure is logged by the notifier; the person can press again.
    if let Err(NotSent::Budget(error)) = notifier.send(&change, &to, "", now).await {
        return Err(error.into());
    }
    Ok(Erasure::LinkSent)
}

/// Applies `change` to the record of `email_hash`; true when something was stored.
async fn changed(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    email_hash: &str,
    now: DateTime<Utc>,
    change: impl Fn(Option<&MemberRecord>, &str) -> Option<Change>,
) -> Result<bool, CommunityError> {
    let stored = read_modify_write(reader, writer, email_hash, now, |existing| {
        Ok(change(existing, email_hash))
    })
    .await?;
    Ok(stored.is_some())
}
