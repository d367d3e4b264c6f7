//! Submitting a story: screened, stored with its first audit entry.

use chrono::{DateTime, Utc};
use shared::http::member::MemberId;
use shared::secret::SecretKey;
use shared::storage::StorageError;

use crate::domain::screening::screen;
use crate::domain::story::{AuditAction, AuditEntry, Revision, StoryRecord, StoryStatus};
use crate::domain::submission::ValidSubmission;
use crate::domain::withdrawal;
use crate::store::{Created, StoryWriter};

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: String,
    /// Screening flagged it for a moderator's closer look.
    pub held: bool,
    /// Stored now; `false` when a retry found it stored already.
    pub fresh: bool,
}

/// Screens a valid submission and stores it as `id` with its first audit entry, unless a
/// story `id` is stored already (the same submission, retried). A member's story is `owner`'s.
pub async fn submit_story(
    stories: &dyn StoryWriter,
    withdrawal_key: &SecretKey,
    valid: ValidSubmission,
    now: DateTime<Utc>,
    unreviewed_retention: chrono::Duration,
    id: String,
    owner: Option<MemberId>,
) -> Result<Submitted, StorageError> {
    let mut screened = vec![valid.title.as_str(), valid.body.as_str()];
    screened.extend(valid.profile.display_name.as_deref());
    let flags = screen(&screened);
    let status = if flags.is_empty() {
        StoryStatus::Pending
    } else {
        StoryStatus::Held
    };
    let story = StoryRecord {
        id: id.clone(),
        status,
        version: 1,
        lang: valid.lang,
        profile: Some(valid.profile),
        revisions: vec![Revision {
            number: 1,
            title: valid.title,
            body: valid.body,
            author: "submitter".to_owned(),
            created_at: now,
        }],
        consents: valid.consents,
        flags,
        withdrawal_token_sha256: withdrawal::token_hash(&withdrawal::token_for(
            withdrawal_key,
            &id,
        )),
        owner,
        created_at: now,
        updated_at: now,
        published_at: None,
        // Deleted unread if no moderator decides in time; approval clears it.
        expires_at: Some(now + unreviewed_retention),
    };
    let audit = AuditEntry {
        story_id: id.clone(),
        at: now,
        actor: "submitter".to_owned(),
        action: AuditAction::Submitted,
        from: None,
        to: status,
        reason: None,
        revision: Some(1),
        version: 1,
    };
    let created = stories.create(&story, &audit).await?;
    Ok(Submitted {
        id,
        held: status == StoryStatus::Held,
        fresh: created == Created::Done,
    })
}
