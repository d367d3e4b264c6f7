//! A signed-in member's subscription: joining with an address the identity provider vouches
//! for, and what the member sees of their record. Pure functions, as in `member`.

use chrono::{DateTime, Utc};

use super::consent::{ConsentEvent, ConsentEventKind};
use super::member::{Change, MemberRecord, MemberStatus};
use super::signup::ValidSignup;

/// The subscription as the member sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No subscription (never joined, left, or erased).
    None,
    /// Waiting for the confirmation email's link.
    Pending,
    Subscribed,
}

impl Standing {
    pub fn of(record: Option<&MemberRecord>, now: DateTime<Utc>) -> Self {
        match record.filter(|record| !record.is_expired(now)) {
            Some(record) if record.status == MemberStatus::Confirmed => Self::Subscribed,
            Some(record) if record.status == MemberStatus::Pending => Self::Pending,
            _ => Self::None,
        }
    }
}

/// Joins (or changes interests and language) as a signed-in member whose address the provider
/// verified: confirmed at once, with a consent event that says how consent was given. A member
/// already subscribed with the same details changes nothing (`None`).
pub fn join_verified(
    existing: Option<&MemberRecord>,
    signup: &ValidSignup,
    email_hash: &str,
    now: DateTime<Utc>,
) -> Option<Change> {
    let live = existing.filter(|record| !record.is_expired(now));
    let subscribed = live.filter(|record| record.status == MemberStatus::Confirmed);
    if let Some(record) = subscribed {
        if record.interests == signup.interests && record.lang == signup.lang {
            return None;
        }
        let mut next = record.clone();
        next.interests = signup.interests.clone();
        next.lang = signup.lang;
        next.email = Some(signup.email.as_str().to_owned());
        next.version += 1;
        next.updated_at = now;
        return Some(Change {
            record: next,
            event: None,
            keep: None,
            mail: None,
        });
    }
    // A lapsed pending record is absent to the store's reads: `live` is the record replaced.
    let record = MemberRecord::subscribed(
        live,
        email_hash,
        signup.email.as_str(),
        &signup.interests,
        signup.lang,
        now,
    );
    Some(Change {
        record,
        event: Some(ConsentEvent::new(
            email_hash,
            ConsentEventKind::MemberConsent,
            signup.lang,
            now,
        )),
        keep: None,
        mail: None,
    })
}

/// The consent the subscription stands on: the latest confirmation, by email or signed in.
pub fn current_consent(history: &[ConsentEvent]) -> Option<&ConsentEvent> {
    let latest = history
        .iter()
        .rev()
        .find(|event| !matches!(event.kind, ConsentEventKind::Signup))?;
    matches!(
        latest.kind,
        ConsentEventKind::Confirmation | ConsentEventKind::MemberConsent
    )
    .then_some(latest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::forms::email::EmailAddress;
    use shared::http::lang::Lang;

    fn signup(interests: &[&str], lang: Lang) -> ValidSignup {
        ValidSignup {
            email: EmailAddress::parse("ana@example.org").unwrap(),
            interests: interests.iter().map(|code| (*code).to_owned()).collect(),
            lang,
        }
    }

    fn at(hour: u32) -> DateTime<Utc> {
        format!("2026-11-20T{hour:02}:00:00Z").parse().unwrap()
    }

    #[test]
    fn a_verified_member_is_subscribed_at_once_and_a_repeat_changes_nothing() {
        let joined = join_verified(None, &signup(&["researcher"], Lang::En), "h", at(1)).unwrap();
        assert_eq!(joined.record.status, MemberStatus::Confirmed);
        assert_eq!(joined.mail, None);
        let event = joined.event.as_ref().unwrap();
        assert_eq!(event.kind, ConsentEventKind::MemberConsent);
        assert_eq!(
            Standing::of(Some(&joined.record), at(2)),
            Standing::Subscribed
        );
        let again = join_verified(
            Some(&joined.record),
            &signup(&["researcher"], Lang::En),
            "h",
            at(2),
        );
        assert_eq!(again, None);
        let changed =
            join_verified(Some(&joined.record), &signup(&[], Lang::Es), "h", at(3)).unwrap();
        assert_eq!(changed.record.lang, Lang::Es);
        assert_eq!(changed.event, None, "a change of details is no new consent");
        assert_eq!(changed.record.version, joined.record.version + 1);
    }

    #[test]
    fn the_current_consent_is_the_latest_unless_withdrawn_since() {
        let event = |kind, hour| ConsentEvent::new("h", kind, Lang::En, at(hour));
        let history = vec![
            event(ConsentEventKind::Signup, 1),
            event(ConsentEventKind::Confirmation, 2),
        ];
        assert_eq!(current_consent(&history).unwrap().at, at(2));
        let mut left = history.clone();
        left.push(event(ConsentEventKind::Withdrawal, 3));
        assert_eq!(current_consent(&left), None);
        left.push(event(ConsentEventKind::MemberConsent, 4));
        assert_eq!(
            current_consent(&left).unwrap().kind,
            ConsentEventKind::MemberConsent
        );
        assert_eq!(current_consent(&[event(ConsentEventKind::Signup, 1)]), None);
    }
}
