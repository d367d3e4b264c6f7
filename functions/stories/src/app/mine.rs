//! A signed-in member's own stories: listing them, withdrawing one without its code, and
//! letting go of all of them when the account is deleted.

use chrono::{DateTime, Duration, Utc};
use shared::http::member::MemberId;
use shared::storage::StorageError;

use super::read::load;
use super::StoryError;
use crate::domain::story::{AuditEntry, ListPosition, StoryRecord};
use crate::domain::withdrawal::{self, Withdrawal};
use crate::store::{
    OwnedStories, PageRequest, Replace, Replacement, StoryPage, StoryReader, StoryWriter,
};

/// How often a change is tried again when the story changed under it (a moderator deciding
/// at the same moment).
const ATTEMPTS: usize = 3;

/// The member's stories, newest first.
pub async fn my_stories(
    owned: &dyn OwnedStories,
    owner: &MemberId,
    page: PageRequest<'_>,
) -> Result<StoryPage, StorageError> {
    owned.owned_by(owner, page).await
}

/// Withdraws one of the member's stories. True when it changed now, false when it already was
/// withdrawn; another member's story or an unknown id is `NotFound` alike.
pub async fn withdraw_mine(
    reader: &dyn StoryReader,
    writer: &dyn StoryWriter,
    owner: &MemberId,
    id: &str,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<bool, StoryError> {
    let changed = change_mine(reader, writer, owner, id, now, |story, trail| {
        withdrawal::withdraw(story, trail, now, retention)
    })
    .await?;
    changed.ok_or(StoryError::NotFound)
}

/// Withdraws every story of the member and unlinks each from them, for the deletion of their
/// account. Returns how many changed. Safe to repeat: a story done already is left alone.
pub async fn let_go_of_mine(
    owned: &dyn OwnedStories,
    reader: &dyn StoryReader,
    writer: &dyn StoryWriter,
    owner: &MemberId,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<usize, StoryError> {
    let mut changed = 0;
    let mut after: Option<ListPosition> = None;
    loop {
        let request = PageRequest {
            limit: 25,
            after: after.as_ref(),
            now,
        };
        let page = owned.owned_by(owner, request).await?;
        for listed in &page.items {
            let unlinked = change_mine(reader, writer, owner, &listed.id, now, |story, trail| {
                withdrawal::unlink_for_deleted_account(story, trail, now, retention)
            })
            .await?;
            // Gone or unlinked meanwhile (the list is a secondary index, it may lag): done.
            if unlinked == Some(true) {
                changed += 1;
            }
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(changed),
        }
    }
}

/// Applies `change` to the member's story `id`, reading it again after a lost race. `None`
/// when it is not the member's (or unknown), else whether anything changed.
async fn change_mine(
    reader: &dyn StoryReader,
    writer: &dyn StoryWriter,
    owner: &MemberId,
    id: &str,
    now: DateTime<Utc>,
    change: impl Fn(&StoryRecord, &[AuditEntry]) -> Option<Withdrawal>,
) -> Result<Option<bool>, StoryError> {
    for _ in 0..ATTEMPTS {
        let Some(story) = load(reader, id, now)
            .await?
            .filter(|story| story.owner.as_ref() == Some(owner))
        else {
            return Ok(None);
        };
        let trail = reader.audit_trail(id).await?;
        let Some(next) = change(&story, &trail) else {
            return Ok(Some(false));
        };
        if write(writer, &story, &next).await? == Replace::Done {
            return Ok(Some(true));
        }
    }
    Err(StoryError::ChangedMeanwhile)
}

async fn write(
    writer: &dyn StoryWriter,
    before: &StoryRecord,
    change: &Withdrawal,
) -> Result<Replace, StorageError> {
    writer
        .replace(Replacement {
            story: &change.story,
            expected_version: before.version,
            audit: &change.audit,
            rewritten: &change.without_reasons,
        })
        .await
}
