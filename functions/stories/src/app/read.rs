//! Reading stories: the published ones for everyone, any one with its audit trail for moderators.

use chrono::{DateTime, Utc};
use shared::http::lang::Lang;
use shared::storage::StorageError;

use super::StoryError;
use crate::domain::story::{is_story_id, AuditEntry, StoryRecord, StoryStatus};
use crate::store::{PageRequest, StoryLister, StoryPage, StoryReader};

/// Published stories in `lang`, newest first.
pub async fn published(
    stories: &dyn StoryLister,
    lang: Lang,
    page: PageRequest<'_>,
) -> Result<StoryPage, StorageError> {
    stories.published(lang, page).await
}

/// A moderation queue: stories in `status`, oldest first.
pub async fn queue(
    stories: &dyn StoryLister,
    status: StoryStatus,
    page: PageRequest<'_>,
) -> Result<StoryPage, StorageError> {
    stories.by_status(status, page).await
}

/// The story, if there is one by this id; ids that cannot name a story are not looked up.
pub(super) async fn load(
    stories: &dyn StoryReader,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoryRecord>, StorageError> {
    match is_story_id(id) {
        true => stories.get(id, now).await,
        false => Ok(None),
    }
}

/// A published story.
pub async fn published_story(
    stories: &dyn StoryReader,
    id: &str,
    now: DateTime<Utc>,
) -> Result<StoryRecord, StoryError> {
    load(stories, id, now)
        .await?
        .filter(|story| story.status == StoryStatus::Approved)
        .ok_or(StoryError::NotPublished)
}

/// Any story, with its audit trail.
pub async fn moderation_view(
    stories: &dyn StoryReader,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(StoryRecord, Vec<AuditEntry>), StoryError> {
    let story = load(stories, id, now).await?.ok_or(StoryError::NotFound)?;
    let audit = stories.audit_trail(id).await?;
    Ok((story, audit))
}
