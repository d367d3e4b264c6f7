//! Changing a story: a moderator's decision, or its submitter's withdrawal. Each reads the
//! story, decides in the domain, and replaces it only if no one changed it meanwhile.

use chrono::{DateTime, Duration, Utc};

use super::read::load;
use super::StoryError;
use crate::domain::decision::{self, Proposal};
use crate::domain::story::{AuditEntry, StoryRecord};
use crate::domain::withdrawal;
use crate::store::{Replace, Replacement, StoryReader, StoryWriter};

/// Withdraws the story that `token` belongs to. True when it changed now, false when it
/// already was withdrawn.
pub async fn withdraw(
    reader: &dyn StoryReader,
    writer: &dyn StoryWriter,
    id: &str,
    token: &str,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<bool, StoryError> {
    let story = load(reader, id, now)
        .await?
        .filter(|story| withdrawal::token_matches(story, token))
        .ok_or(StoryError::NotFoundWithToken)?;
    let trail = reader.audit_trail(id).await?;
    let Some(change) = withdrawal::withdraw(&story, &trail, now, retention) else {
        return Ok(false);
    };
    let written = writer
        .replace(Replacement {
            story: &change.story,
            expected_version: story.version,
            audit: &change.audit,
            rewritten: &change.without_reasons,
        })
        .await?;
    match written {
        Replace::Done => Ok(true),
        Replace::Stale => Err(StoryError::ChangedMeanwhile),
    }
}

/// Applies a moderator's decision; the story after it, with its audit trail.
pub async fn decide(
    reader: &dyn StoryReader,
    writer: &dyn StoryWriter,
    id: &str,
    proposal: &Proposal,
    moderator: &str,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<(StoryRecord, Vec<AuditEntry>), StoryError> {
    let story = load(reader, id, now).await?.ok_or(StoryError::NotFound)?;
    let (decided, audit) = decision::decide(&story, proposal, moderator, now, retention)?;
    let change = Replacement {
        story: &decided,
        expected_version: story.version,
        audit: &audit,
        rewritten: &[],
    };
    if writer.replace(change).await? == Replace::Stale {
        return Err(StoryError::Stale {
            current: story.version + 1,
        });
    }
    let trail = reader.audit_trail(id).await?;
    Ok((decided, trail))
}
