//! A moderator's decision: approve or reject, optionally with edits kept as a new revision.

use chrono::{DateTime, Duration, Utc};
use shared::forms::violations::Violations;

use super::story::{AuditAction, AuditEntry, Revision, StoryRecord, StoryStatus};
use super::submission::LIMITS;
use super::text_rules::{check_length, clean_line, clean_text, has_control_chars};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Approve,
    Reject,
}

/// A decision as the moderator sent it, before it is checked against the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub action: Action,
    /// Why, for the audit trail.
    pub reason: String,
    /// The story version the moderator saw.
    pub version: u32,
    /// An edited title, kept as a new revision beside the original.
    pub title: Option<String>,
    /// An edited body, kept as a new revision beside the original.
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    /// The story changed since the moderator saw it.
    Stale {
        current: u32,
    },
    /// The story's state does not allow this decision.
    NotAllowed(String),
    Invalid(Violations),
}

const REASON_MAX: usize = 1000;

/// The story after the decision, and its audit entry.
pub fn decide(
    record: &StoryRecord,
    input: &Proposal,
    moderator: &str,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<(StoryRecord, AuditEntry), DecisionError> {
    if input.version != record.version {
        return Err(DecisionError::Stale {
            current: record.version,
        });
    }
    let target = match input.action {
        Action::Approve => StoryStatus::Approved,
        Action::Reject => StoryStatus::Rejected,
    };
    if record.status == StoryStatus::Withdrawn {
        return Err(DecisionError::NotAllowed(
            "the submitter withdrew this story; it can no longer be moderated".to_owned(),
        ));
    }
    if record.status == target {
        return Err(DecisionError::NotAllowed(format!(
            "the story is already {}",
            target.code()
        )));
    }

    let mut errors = Violations::new();
    let mut fail = |field: &str, message: String| errors.add(field, message);
    let reason = clean_text(&input.reason);
    check_length(&reason, 1, REASON_MAX, "reason", &mut fail);
    let title = input.title.as_deref().map(clean_line);
    if let Some(title) = &title {
        check_length(
            title,
            LIMITS.title_min,
            LIMITS.title_max,
            "title",
            &mut fail,
        );
        if has_control_chars(title, false) {
            fail("title", "must not contain control characters".to_owned());
        }
    }
    let body = input.body.as_deref().map(clean_text);
    if let Some(body) = &body {
        check_length(body, LIMITS.body_min, LIMITS.body_max, "body", &mut fail);
        if has_control_chars(body, true) {
            fail("body", "must not contain control characters".to_owned());
        }
    }
    if !errors.is_empty() {
        return Err(DecisionError::Invalid(errors));
    }

    let mut next = record.clone();
    let current = record
        .current()
        .cloned()
        .ok_or_else(|| DecisionError::NotAllowed("the story's text has been erased".to_owned()))?;
    let edited_title = title.filter(|title| *title != current.title);
    let edited_body = body.filter(|body| *body != current.body);
    if edited_title.is_some() || edited_body.is_some() {
        next.revisions.push(Revision {
            number: current.number + 1,
            title: edited_title.unwrap_or(current.title),
            body: edited_body.unwrap_or(current.body),
            author: format!("moderator:{moderator}"),
            created_at: now,
        });
    }
    next.status = target;
    next.version += 1;
    next.updated_at = now;
    match target {
        StoryStatus::Approved => {
            next.published_at = Some(now);
            next.expires_at = None;
        }
        _ => {
            next.published_at = None;
            next.expires_at = Some(now + retention);
        }
    }
    let audit = AuditEntry {
        story_id: record.id.clone(),
        at: now,
        actor: format!("moderator:{moderator}"),
        action: match target {
            StoryStatus::Approved => AuditAction::Approved,
            _ => AuditAction::Rejected,
        },
        from: Some(record.status),
        to: target,
        reason: Some(reason),
        revision: next.current().map(|revision| revision.number),
        version: next.version,
    };
    Ok((next, audit))
}
