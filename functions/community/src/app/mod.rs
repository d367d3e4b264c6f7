//! The community use cases: plain functions over the ports they need, with typed errors.

mod leave;
mod mine;
mod notify;
mod signup;

pub use leave::{confirm, erase, unsubscribe, Erasure};
pub use mine::{delete_my_account, join_mine, leave_mine, my_membership, Joined, Membership};
pub use notify::{MailboxCap, NotSent, Notifier, Recipient, SendBudget};
pub use signup::{sign_up, SignedUp};

use chrono::{DateTime, Utc};
use shared::storage::StorageError;

use crate::domain::member::{Change, MemberRecord};
use crate::store::{MemberReader, MemberWriter, Replacement, Write};

/// Attempts at a read-modify-write before giving up on a contended record. DynamoDB cancels
/// both of two transactions that touch one item at once, so a burst can lose many rounds in a
/// row; with the backoff below this is about two seconds of trying at most.
const WRITE_ATTEMPTS: u32 = 12;

#[derive(Debug, thiserror::Error)]
pub enum CommunityError {
    /// A confirmation token that is malformed, not sealed by one of our keys, changed,
    /// expired, or mailed before the address left.
    #[error("the confirmation token is invalid or expired")]
    StaleConfirmation,
    /// A manage token this API did not make.
    #[error("the token is not one of ours")]
    ForeignToken,
    /// Every attempt at changing the record lost a race with another request (409: the
    /// person retries).
    #[error("the subscription kept changing during {WRITE_ATTEMPTS} attempts")]
    Busy,
    /// A signup lost every race: nothing was stored or sent, so it is not accepted (503: the
    /// client retries after `Retry-After`).
    #[error("a signup lost every write race; nothing was stored")]
    SignupContended,
    #[error(transparent)]
    Store(#[from] StorageError),
}

/// Stores `change`: creating the record when there was none, else replacing the version read.
async fn store(
    members: &dyn MemberWriter,
    change: &Change,
    previous_version: Option<u32>,
    now: DateTime<Utc>,
) -> Result<Write, StorageError> {
    match previous_version {
        None => {
            members
                .create(&change.record, change.event.as_ref(), now)
                .await
        }
        Some(version) => {
            members
                .replace(Replacement {
                    record: &change.record,
                    expected_version: version,
                    event: change.event.as_ref(),
                    keep: change.keep.as_ref(),
                })
                .await
        }
    }
}

/// Reads the record, lets `decide` say what changes, and stores it if no one changed the
/// record meanwhile; else reads again. `Ok(None)` when there is nothing to change.
async fn read_modify_write(
    reader: &dyn MemberReader,
    writer: &dyn MemberWriter,
    email_hash: &str,
    now: DateTime<Utc>,
    mut decide: impl FnMut(Option<&MemberRecord>) -> Result<Option<Change>, CommunityError>,
) -> Result<Option<Change>, CommunityError> {
    for attempt in 0..WRITE_ATTEMPTS {
        let existing = reader.get(email_hash, now).await?;
        let Some(change) = decide(existing.as_ref())? else {
            return Ok(None);
        };
        let previous = existing.as_ref().map(|record| record.version);
        if store(writer, &change, previous, now).await? == Write::Done {
            return Ok(Some(change));
        }
        back_off(attempt).await;
    }
    Err(CommunityError::Busy)
}

/// A random pause before retrying a contended write, up to twice as long each time ("full
/// jitter"), so that racing requests spread out instead of colliding again.
async fn back_off(attempt: u32) {
    let ceiling_millis = (5u64 << attempt.min(6)).min(320);
    let millis = 1 + rand::random::<u64>() % ceiling_millis;
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}
