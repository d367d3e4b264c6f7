//! Confirming, unsubscribing and erasing, each with a token from an email.

use chrono::{DateTime, Utc};
use shared::secret::SecretKey;

use super::{read_modify_write, CommunityError};
use crate::domain::member::{self, Change, MemberRecord};
use crate::domain::tokens::MemberToken;
use crate::store::{MemberReader, MemberWriter};

/// A manage token (unsubscribe, erasure) made by this API.
fn manage_token(key: &SecretKey, token: &str) -> Result<MemberToken, CommunityError> {
    MemberToken::parse(token)
        .filter(|token| token.is_manage_token(key))
        .ok_or(CommunityError::ForeignToken)
}

/// Confirms a pending signup with the token from its confirmation email (double opt-in).
pub async fn confirm(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), CommunityError> {
    let token = MemberToken::parse(token).ok_or(CommunityError::StaleConfirmation)?;
    let secret = token.secret_sha256();
    read_modify_write(reader, writer, &token.email_hash, now, |existing| {
        let record = existing.ok_or(CommunityError::StaleConfirmation)?;
        member::confirm(record, &secret, now)
            .map(Some)
            .map_err(|_| CommunityError::StaleConfirmation)
    })
    .await?;
    Ok(())
}

/// Unsubscribes the member a manage token names. True when it changed now.
pub async fn unsubscribe(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    manage_token_key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, CommunityError> {
    let token = manage_token(manage_token_key, token)?;
    changed(reader, writer, &token.email_hash, now, |existing, _| {
        existing.and_then(|record| member::unsubscribe(record, now))
    })
    .await
}

/// Erases the personal data of the address a manage token names, keeping only its keyed hash.
/// True when it changed now.
pub async fn erase(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    manage_token_key: &SecretKey,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, CommunityError> {
    let token = manage_token(manage_token_key, token)?;
    changed(reader, writer, &token.email_hash, now, |existing, hash| {
        member::erase(existing, hash, now)
    })
    .await
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
