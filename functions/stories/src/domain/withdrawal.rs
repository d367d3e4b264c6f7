//! Withdrawal: the submitter's private token unpublishes the story and erases its personal data.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use shared::secret::SecretKey;

use super::story::{AuditAction, AuditEntry, StoryRecord, StoryStatus};

/// The story's withdrawal token: 256 bits derived from its id under a secret key. It is shown
/// to the submitter and never stored (only its hash is), and an idempotent replay of the
/// submission can show it again.
pub fn token_for(key: &SecretKey, story_id: &str) -> String {
    URL_SAFE_NO_PAD.encode(key.hmac(&[b"withdrawal", story_id.as_bytes()]))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `presented` is the story's token; compares hashes in constant time.
pub fn token_matches(record: &StoryRecord, presented: &str) -> bool {
    shared::secret::constant_time_eq(
        token_hash(presented).as_bytes(),
        record.withdrawal_token_sha256.as_bytes(),
    )
}

/// What a withdrawal writes, all together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub story: StoryRecord,
    pub audit: AuditEntry,
    /// Earlier audit entries without the moderators' free-text reasons, which may quote the
    /// story: they go with its text. Who did what and when stays.
    pub without_reasons: Vec<AuditEntry>,
}

/// The story after withdrawal, its audit entry, and its trail rewritten without reasons.
/// Already withdrawn: nothing changes.
pub fn withdraw(
    record: &StoryRecord,
    trail: &[AuditEntry],
    now: DateTime<Utc>,
    retention: Duration,
) -> Option<Withdrawal> {
    if record.status == StoryStatus::Withdrawn {
        return None;
    }
    let mut next = record.clone();
    next.erase_personal_data();
    next.status = StoryStatus::Withdrawn;
    next.version += 1;
    next.updated_at = now;
    next.published_at = None;
    next.expires_at = Some(now + retention);
    let audit = AuditEntry {
        story_id: record.id.clone(),
        at: now,
        actor: "submitter".to_owned(),
        action: AuditAction::Withdrawn,
        from: Some(record.status),
        to: StoryStatus::Withdrawn,
        reason: None,
        revision: None,
        version: next.version,
    };
    let without_reasons = trail
        .iter()
        .filter(|entry| entry.reason.is_some())
        .map(|entry| AuditEntry {
            reason: None,
            ..entry.clone()
        })
        .collect();
    Some(Withdrawal {
        story: next,
        audit,
        without_reasons,
    })
}

/// What deleting the member's account does to one of their stories: withdrawn as above if it
/// is not yet, and no longer linked to the member either way. Nothing to do for a story that
/// is neither owned nor withdrawable.
pub fn unlink_for_deleted_account(
    record: &StoryRecord,
    trail: &[AuditEntry],
    now: DateTime<Utc>,
    retention: Duration,
) -> Option<Withdrawal> {
    if let Some(mut change) = withdraw(record, trail, now, retention) {
        change.story.owner = None;
        return Some(change);
    }
    record.owner.as_ref()?;
    let mut next = record.clone();
    next.owner = None;
    next.version += 1;
    next.updated_at = now;
    let audit = AuditEntry {
        story_id: record.id.clone(),
        at: now,
        actor: "submitter".to_owned(),
        action: AuditAction::Unlinked,
        from: Some(record.status),
        to: record.status,
        reason: None,
        revision: None,
        version: next.version,
    };
    Some(Withdrawal {
        story: next,
        audit,
        without_reasons: Vec::new(),
    })
}
