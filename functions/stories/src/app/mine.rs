//! A signed-in member's own stories: listing them, withdrawing one without its code, and
//! letting go of all of them when the account is deleted.

use chrono::{DateTime, Duration, Utc};
use shared::http::member::MemberId;
use shared::http::pagination::Page;
use shared::storage::StorageError;

use super::read::load;
use super::StoryError;
use crate::domain::story::{ListPosition, StoryRecord};
use crate::domain::withdrawal::{self, Withdrawal};
use crate::store::{OwnedStories, Replace, StoryReader, StoryWriter};

/// How often a change is tried again when the story changed under it (a moderator deciding
/// at the same moment).
const ATTEMPTS: usize = 3;

/// The member's stories, newest first.
pub async fn my_stories(
    owned: &dyn OwnedStories,
    owner: &MemberId,
    limit: usize,
    after: Option<&ListPosition>,
    now: DateTime<Utc>,
) -> Result<Page<StoryRecord, ListPosition>, StorageError> {
    owned.owned_by(owner, limit, after, now).await
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
    for _ in 0..ATTEMPTS {
        let story = load(reader, id, now)
            .await?
            .filter(|story| story.owner.as_ref() == Some(owner))
            .ok_or(StoryError::NotFound)?;
        let trail = reader.audit_trail(id).await?;
        let Some(change) = withdrawal::withdraw(&story, &trail, now, retention) else {
            return Ok(false);
        };
        if write(writer, &story, &change).await? == Replace::Done {
            return Ok(true);
        }
    }
    Err(StoryError::ChangedMeanwhile)
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
        let page = owned.owned_by(owner, 25, after.as_ref(), now).await?;
        for listed in &page.items {
            if unlink(reader, writer, owner, &listed.id, now, retention).await? {
                changed += 1;
            }
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(changed),
        }
    }
}

async fn unlink(
    reader: &dyn StoryReader,
    writer: &dyn StoryWriter,
    owner: &MemberId,
    id: &str,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<bool, StoryError> {
    for _ in 0..ATTEMPTS {
        // Read again: the list may lag behind the story (a secondary index).
        let Some(story) = load(reader, id, now)
            .await?
            .filter(|story| story.owner.as_ref() == Some(owner))
        else {
            return Ok(false);
        };
        let trail = reader.audit_trail(id).await?;
        let Some(change) = withdrawal::unlink_for_deleted_account(&story, &trail, now, retention)
        else {
            return Ok(false);
        };
        if write(writer, &story, &change).await? == Replace::Done {
            return Ok(true);
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
        .replace(
            &change.story,
            before.version,
            &change.audit,
            &change.without_reasons,
        )
        .await
}
