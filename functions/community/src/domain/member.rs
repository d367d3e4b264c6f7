//! A member's lifecycle: what a signup, a confirmation, an unsubscription or an erasure does
//! to the stored record, whatever state it is in. Pure functions; the handlers store the result.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use shared::http::lang::Lang;

use super::consent::{ConsentEvent, ConsentEventKind, EventKey};
use super::signup::ValidSignup;

/// How long a pending signup waits for confirmation.
pub const PENDING_FOR_DAYS: i64 = 7;
/// Emails sent to one address in one day, at most: signups cannot be used to flood a mailbox.
pub const MAILS_PER_DAY: u32 = 3;
/// A repeat of a pending signup within this time of the record's last change (which for a
/// pending record is the last signup) neither mails nor writes: a burst of identical submissions
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    /// HMAC-SHA256 of the normalized address under a secret key: the record's key.
    pub email_hash: String,
    pub status: MemberStatus,
    pub version: u32,
    /// `None` once erased.
    pub email: Option<String>,
    pub interests: Vec<String>,
    pub lang: Lang,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// SHA-256 of the live confirmation token's secret.
    pub confirmation_sha256: Option<String>,
    pub confirmation_expires_at: Option<DateTime<Utc>>,
    /// The day of `mails_that_day`, in UTC.
    pub mail_day: Option<NaiveDate>,
    pub mails_that_day: u32,
    /// A pending record lapses (TTL deletes it; reads ignore it from then). Stored as `expiry`:
    /// `expires_at` is the TTL attribute, in whole seconds.
    #[serde(rename = "expiry")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When a pending record's latest signup event was written: confirming keeps that event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_up_at: Option<DateTime<Utc>>,
}

impl MemberRecord {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expiry| expiry <= now)
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

/// What a signup does. `confirmation_sha256` is the hash of a fresh token, used if the change
/// sends a confirmation. `None` when nothing needs storing (a capped repeat of a confirmed member).
pub fn sign_up(
    existing: Option<&MemberRecord>,
    signup: &ValidSignup,
    email_hash: &str,
    confirmation_sha256: &str,
    now: DateTime<Utc>,
) -> Option<Change> {
    let pending = |base: Option<&MemberRecord>| {
        let mut record = MemberRecord {
            email_hash: email_hash.to_owned(),
            status: MemberStatus::Pending,
            version: base.map_or(1, |record| record.version + 1),
            email: Some(signup.email.as_str().to_owned()),
            interests: signup.interests.clone(),
            lang: signup.lang,
            created_at: base.map_or(now, |record| record.created_at),
            updated_at: now,
            confirmation_sha256: base.and_then(|record| record.confirmation_sha256.clone()),
            confirmation_expires_at: base.and_then(|record| record.confirmation_expires_at),
            mail_day: base.and_then(|record| record.mail_day),
            mails_that_day: base.map_or(0, |record| record.mails_that_day),
            expires_at: Some(now + Duration::days(PENDING_FOR_DAYS)),
            signed_up_at: Some(now),
        };
        let recently_changed = base.is_some_and(|record| {
            record.status == MemberStatus::Pending && now - record.updated_at < QUIET_AFTER_CHANGE
        });
        let mail = (!recently_changed && record.take_mail(now)).then(|| {
            record.confirmation_sha256 = Some(confirmation_sha256.to_owned());
            record.confirmation_expires_at = record.expires_at;
            Mail::Confirm
        });
        let event = ConsentEvent {
            expires_at: record.expires_at,
            ..ConsentEvent::new(
                email_hash,
                ConsentEventKind::Signup,
                signup.lang,
                signup.source_page.clone(),
                now,
            )
        };
        Change {
            record,
            event: Some(event),
            keep: None,
            mail,
        }
    };
    match existing.filter(|record| !record.is_expired(now)) {
        None => Some(pending(None)),
        Some(record) if record.status == MemberStatus::Confirmed => {
            // A confirmed member's details never change from an anonymous form: the owner is
            // told by email instead, and can manage the subscription from there.
            mail_only(record, Mail::AlreadyMember, now)
        }
        Some(record) => {
            let change = pending(Some(record));
            // A repeat that changes nothing and may not mail again stores nothing either, so
            // that a burst of identical signups settles after a few writes.
            let same_details = record.status == MemberStatus::Pending
                && record.interests == signup.interests
                && record.lang == signup.lang;
            (change.mail.is_some() || !same_details).then_some(change)
        }
    }
}

/// Why a token did not do what it was sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidToken;

/// Confirms a pending signup with the secret of its confirmation token (single use).
pub fn confirm(
    record: &MemberRecord,
    secret_sha256: &str,
    now: DateTime<Utc>,
) -> Result<Change, InvalidToken> {
    let live = record.status == MemberStatus::Pending
        && !record.is_expired(now)
        && record
            .confirmation_expires_at
            .is_some_and(|expiry| expiry > now)
        && record.confirmation_sha256.as_deref() == Some(secret_sha256);
    if !live {
        return Err(InvalidToken);
    }
    let mut next = record.clone();
    next.status = MemberStatus::Confirmed;
    next.version += 1;
    next.updated_at = now;
    next.confirmation_sha256 = None;
    next.confirmation_expires_at = None;
    next.expires_at = None;
    next.signed_up_at = None;
    // The signup being confirmed is a consent now: its event no longer lapses.
    let keep = record.signed_up_at.map(|at| EventKey {
        email_hash: record.email_hash.clone(),
        at,
        kind: ConsentEventKind::Signup,
    });
    Ok(Change {
        event: Some(ConsentEvent::new(
            &record.email_hash,
            ConsentEventKind::Confirmation,
            record.lang,
            None,
            now,
        )),
        record: next,
        keep,
        mail: None,
    })
}

/// Unsubscribes; `None` when there is nothing to change.
pub fn unsubscribe(record: &MemberRecord, now: DateTime<Utc>) -> Option<Change> {
    if !matches!(
        record.status,
        MemberStatus::Pending | MemberStatus::Confirmed
    ) {
        return None;
    }
    let mut next = record.clone();
    next.status = MemberStatus::Unsubscribed;
    next.version += 1;
    next.updated_at = now;
    next.confirmation_sha256 = None;
    next.confirmation_expires_at = None;
    next.expires_at = None;
    Some(Change {
        event: Some(ConsentEvent::new(
            &record.email_hash,
            ConsentEventKind::Withdrawal,
            record.lang,
            None,
            now,
        )),
        record: next,
        keep: None,
        mail: None,
    })
}

/// Asks for an erasure link, mailed to the address within its daily cap. `None` when there is
/// nothing to send: no address is kept (erased), or the cap is reached.
pub fn request_erasure(record: &MemberRecord, now: DateTime<Utc>) -> Option<Change> {
    record.email.as_ref()?;
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

/// Erases the personal data, keeping the hash as a suppression entry. Works with no record too.
pub fn erase(
    existing: Option<&MemberRecord>,
    email_hash: &str,
    now: DateTime<Utc>,
) -> Option<Change> {
    if existing.is_some_and(|record| record.status == MemberStatus::Erased) {
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
        confirmation_sha256: None,
        confirmation_expires_at: None,
        mail_day: None,
        mails_that_day: 0,
        expires_at: None,
        signed_up_at: None,
    };
    Some(Change {
        record,
        event: Some(ConsentEvent::new(
            email_hash,
            ConsentEventKind::Erasure,
            lang,
            None,
            now,
        )),
        keep: None,
        mail: None,
    })
}
