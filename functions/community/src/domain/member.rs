//! A member's lifecycle: what a signup, a confirmation, an unsubscription or an erasure does
//! to the stored record, whatever state it is in. Pure functions; the handlers store the result.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use shared::http::lang::Lang;

use super::confirmation::Confirmation;
use super::consent::{ConsentEvent, ConsentEventKind, EventKey};
use super::signup::ValidSignup;

/// How long a pending signup waits for confirmation.
pub const PENDING_FOR_DAYS: i64 = 7;
/// Emails sent to one address in one day, at most: signups cannot be used to flood a mailbox.
pub const MAILS_PER_DAY: u32 = 3;
/// A repeat of a pending signup within this time of the record's last change (which for a
/// pending record is the last signup mailed) neither mails nor writes: a burst of identical submissions
/// (a double click, a retrying client) settles on one write. A confirmed member's repeat is
/// capped by the daily limit alone: its record last changed when it was confirmed, not mailed.
pub const QUIET_AFTER_CHANGE: Duration = Duration::seconds(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Pending,
    Confirmed,
    Unsubscribed,
    /// Personal data erased; only the keyed hash stays, so the address is not mailed by mistake.
    Erased,
}

/// How often an address that left (unsubscribed or erased) may be sent a confirmation by an
/// anonymous signup: at most once in this time, so that leaving stays final for anyone but the
/// address's owner, who can still come back.
pub const RECONFIRM_EVERY_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    /// HMAC-SHA256 of the normalized address under a secret key: the record's key.
    pub email_hash: String,
    pub status: MemberStatus,
    pub version: u32,
    /// Kept for a member only (confirmed or unsubscribed): a pending signup's address travels
    /// sealed in its confirmation link, and erasure removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// As `email`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interests: Vec<String>,
    pub lang: Lang,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The day of `mails_that_day`, in UTC.
    pub mail_day: Option<NaiveDate>,
    pub mails_that_day: u32,
    /// Only a pending record lapses (TTL deletes it; reads ignore it from then): a record of an
    /// address that left never does. Stored as `expiry`: `expires_at` is the TTL attribute, in
    /// whole seconds.
    #[serde(rename = "expiry")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When the address unsubscribed or was erased: a confirmation link mailed before cannot
    /// bring it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<DateTime<Utc>>,
    /// When an anonymous signup last mailed a confirmation to the address after it left (at
    /// most once in `RECONFIRM_EVERY_DAYS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconfirmation_at: Option<DateTime<Utc>>,
}

impl MemberRecord {
    /// A subscribed record for `email`, after `live` (the address's record, if any): its
    /// history (creation, the day's mail count, the last re-confirmation) carries over.
    pub fn subscribed(
        live: Option<&MemberRecord>,
        email_hash: &str,
        email: &str,
        interests: &[String],
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            email_hash: email_hash.to_owned(),
            status: MemberStatus::Confirmed,
            version: live.map_or(1, |record| record.version + 1),
            email: Some(email.to_owned()),
            interests: interests.to_vec(),
            lang,
            created_at: live.map_or(now, |record| record.created_at),
            updated_at: now,
            mail_day: live.and_then(|record| record.mail_day),
            mails_that_day: live.map_or(0, |record| record.mails_that_day),
            expires_at: None,
            left_at: None,
            reconfirmation_at: live.and_then(|record| record.reconfirmation_at),
        }
    }

    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expiry| expiry <= now)
    }

    fn has_left(&self) -> bool {
        matches!(
            self.status,
            MemberStatus::Unsubscribed | MemberStatus::Erased
        )
    }

    /// When it left; records from before `left_at` was kept left at their last change.
    fn left_at(&self) -> DateTime<Utc> {
        self.left_at.unwrap_or(self.updated_at)
    }

    /// A confirmation mailed since the address left, which its owner may still refuse.
    fn reconfirmation_outstanding(&self) -> bool {
        self.reconfirmation_at
            .is_some_and(|sent| sent >= self.left_at())
    }

    /// Counts one email against today's cap; false when the cap is reached.
    fn take_mail(&mut self, now: DateTime<Utc>) -> bool {
        let today = now.date_naive();
        if self.mail_day != Some(today) {
            self.mail_day = Some(today);
            self.mails_that_day = 0;
        }
        if self.mails_that_day >= MAILS_PER_DAY {
            return false;
        }
        self.mails_that_day += 1;
        true
    }
}

/// The email a change asks to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mail {
    /// Confirm the subscription, with the new confirmation token.
    Confirm,
    /// The address is already a member; here is how to manage it.
    AlreadyMember,
    /// The link that erases the address's data, asked for from one of its emails.
    EraseLink,
}

/// A change to store: the record, the consent event to append, an earlier event to keep past
/// its lapse (a confirmed signup's), and the email to send after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub record: MemberRecord,
    pub event: Option<ConsentEvent>,
    pub keep: Option<EventKey>,
    pub mail: Option<Mail>,
}

/// A signup's consent event: it lapses with the confirmation link unless confirmed.
fn signup_event(email_hash: &str, lang: Lang, now: DateTime<Utc>) -> ConsentEvent {
    ConsentEvent {
        expires_at: Some(now + Duration::days(PENDING_FOR_DAYS)),
        ..ConsentEvent::new(email_hash, ConsentEventKind::Signup, lang, now)
    }
}

/// What a signup does; a `Mail::Confirm` change asks for a confirmation link sealing `signup`
/// (stored at `now`). `None` when nothing needs storing: a repeat that may not mail, as
/// nothing else of a signup is stored.
pub fn sign_up(
    existing: Option<&MemberRecord>,
    signup: &ValidSignup,
    email_hash: &str,
    now: DateTime<Utc>,
) -> Option<Change> {
    let confirm = |record: MemberRecord| Change {
        event: Some(signup_event(email_hash, signup.lang, now)),
        record,
        keep: None,
        mail: Some(Mail::Confirm),
    };
    let Some(record) = existing.filter(|record| !record.is_expired(now)) else {
        let mut record = MemberRecord {
            email_hash: email_hash.to_owned(),
            status: MemberStatus::Pending,
            version: 1,
            email: None,
            interests: Vec::new(),
            lang: signup.lang,
            created_at: now,
            updated_at: now,
            mail_day: None,
            mails_that_day: 0,
            expires_at: Some(now + Duration::days(PENDING_FOR_DAYS)),
            left_at: None,
            reconfirmation_at: None,
        };
        record.take_mail(now);
        return Some(confirm(record));
    };
    let mut next = record.clone();
    next.version += 1;
    next.updated_at = now;
    match record.status {
        // A confirmed member's details never change from an anonymous form: the owner is told
        // by email instead, and can manage the subscription from there.
        MemberStatus::Confirmed => mail_only(record, Mail::AlreadyMember, now),
        MemberStatus::Pending => {
            if now - record.updated_at < QUIET_AFTER_CHANGE || !next.take_mail(now) {
                return None;
            }
            next.lang = signup.lang;
            next.expires_at = Some(now + Duration::days(PENDING_FOR_DAYS));
            // A record stored before the address moved into the link may still hold it.
            next.email = None;
            next.interests = Vec::new();
            Some(confirm(next))
        }
        // The record of an address that left stays as it is, without a lapse: only the time of
        // this confirmation is added, and the next comes no sooner than 30 days later.
        MemberStatus::Unsubscribed | MemberStatus::Erased => {
            let recent = record
                .reconfirmation_at
                .is_some_and(|sent| now - sent < Duration::days(RECONFIRM_EVERY_DAYS));
            if recent {
                return None;
            }
            next.left_at = Some(record.left_at());
            next.reconfirmation_at = Some(now);
            Some(confirm(next))
        }
    }
}

/// Why a token did not do what it was sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidToken;

/// Confirms the signup a live confirmation link seals (double opt-in): the person proved the
/// mailbox, so it subscribes whatever the record (re-subscribing an address that left since
/// the link was mailed). `Ok(None)` when already confirmed: confirming is idempotent. A link
/// mailed before the address left cannot bring it back.
pub fn confirm(
    existing: Option<&MemberRecord>,
    confirmation: &Confirmation,
    email_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Change>, InvalidToken> {
    let existing = existing.filter(|record| !record.is_expired(now));
    if !confirmation.is_live(now) {
        return Err(InvalidToken);
    }
    match existing {
        Some(record) if record.status == MemberStatus::Confirmed => return Ok(None),
        // A signup at the very instant of leaving counts as after it (a test clock's case).
        Some(record) if record.has_left() && record.left_at() > confirmation.signed_up_at => {
            return Err(InvalidToken)
        }
        _ => {}
    }
    let record = MemberRecord::subscribed(
        existing,
        email_hash,
        confirmation.email.as_str(),
        &confirmation.interests,
        confirmation.lang,
        now,
    );
    Ok(Some(Change {
        event: Some(ConsentEvent::new(
            email_hash,
            ConsentEventKind::Confirmation,
            confirmation.lang,
            now,
        )),
        record,
        // The signup being confirmed is a consent now: its event no longer lapses.
        keep: Some(EventKey {
            email_hash: email_hash.to_owned(),
            at: confirmation.signed_up_at,
            kind: ConsentEventKind::Signup,
        }),
        mail: None,
    }))
}

/// Unsubscribes; `None` when there is nothing to change. An address that left and was mailed a
/// confirmation since leaves again: that link can no longer bring it back.
pub fn unsubscribe(record: &MemberRecord, now: DateTime<Utc>) -> Option<Change> {
    if record.has_left() && !record.reconfirmation_outstanding() {
        return None;
    }
    let mut next = record.clone();
    if !record.has_left() {
        next.status = MemberStatus::Unsubscribed;
    }
    next.version += 1;
    next.updated_at = now;
    next.expires_at = None;
    next.left_at = Some(now);
    Some(Change {
        event: Some(ConsentEvent::new(
            &record.email_hash,
            ConsentEventKind::Withdrawal,
            record.lang,
            now,
        )),
        record: next,
        keep: None,
        mail: None,
    })
}

/// Asks for erasure with a token that cannot erase by itself. A record that keeps an address
/// gets an erasure link mailed to it, within its daily cap, so that only the address's owner can
/// erase. One that keeps none (a pending signup) is erased at once: there is nothing personal to
/// protect, and its emails' unsubscribe link could already suppress it. `None`: nothing to do.
pub fn request_erasure(record: &MemberRecord, now: DateTime<Utc>) -> Option<Change> {
    if record.email.is_none() {
        return erase(Some(record), &record.email_hash, now);
    }
    mail_only(record, Mail::EraseLink, now)
}

/// A change that only sends `mail` (counted against the address's daily cap; `None` past it).
fn mail_only(record: &MemberRecord, mail: Mail, now: DateTime<Utc>) -> Option<Change> {
    let mut next = record.clone();
    if !next.take_mail(now) {
        return None;
    }
    next.version += 1;
    next.updated_at = now;
    Some(Change {
        record: next,
        event: None,
        keep: None,
        mail: Some(mail),
    })
}

/// Erases the personal data, keeping the hash as a suppression entry, which never lapses.
/// Works with no record too. When a confirmation was mailed since it was last erased, that link
/// can no longer bring it back.
pub fn erase(
    existing: Option<&MemberRecord>,
    email_hash: &str,
    now: DateTime<Utc>,
) -> Option<Change> {
    if existing.is_some_and(|record| {
        record.status == MemberStatus::Erased && !record.reconfirmation_outstanding()
    }) {
        return None;
    }
    let lang = existing.map_or(Lang::DEFAULT, |record| record.lang);
    let record = MemberRecord {
        email_hash: email_hash.to_owned(),
        status: MemberStatus::Erased,
        version: existing.map_or(1, |record| record.version + 1),
        email: None,
        interests: Vec::new(),
        lang,
        created_at: existing.map_or(now, |record| record.created_at),
        updated_at: now,
        mail_day: None,
        mails_that_day: 0,
        expires_at: None,
        left_at: Some(now),
        // Erasing does not reset the 30 days: it would let anyone mail the address at once.
        reconfirmation_at: existing.and_then(|record| record.reconfirmation_at),
    };
    Some(Change {
        record,
        event: Some(ConsentEvent::new(
            email_hash,
            ConsentEventKind::Erasure,
            lang,
            now,
        )),
        keep: None,
        mail: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::forms::email::EmailAddress;

    #[test]
    fn a_pending_record_from_before_sealed_links_drops_its_address_when_signed_up_again() {
        let then: DateTime<Utc> = "2026-11-27T15:00:00Z".parse().unwrap();
        let signup = ValidSignup {
            email: EmailAddress::parse("old.pending@example.org").unwrap(),
            interests: vec!["patient".into()],
            lang: Lang::En,
        };
        let mut legacy = sign_up(None, &signup, "h", then).unwrap().record;
        legacy.email = Some("old.pending@example.org".into());
        legacy.interests = vec!["patient".into()];
        let later = then + Duration::hours(1);
        let change = sign_up(Some(&legacy), &signup, "h", later).unwrap();
        assert_eq!(change.mail, Some(Mail::Confirm));
        assert_eq!(change.record.email, None);
        assert!(change.record.interests.is_empty());
    }
}
