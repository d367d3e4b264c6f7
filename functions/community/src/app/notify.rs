//! The emails a stored change asks for: which words, which links, from whom.

use std::sync::Arc;

use chrono::{DateTime, Days, Utc};
use shared::forms::email::EmailAddress;
use shared::forms::rate_limit::RateLimitStore;
use shared::http::lang::Lang;
use shared::secret::SecretKey;
use shared::storage::{Lifetime, StorageError};

use crate::domain::member::{Change, Mail};
use crate::domain::messages;
use crate::domain::tokens::TokenKeys;

/// How long an erasure link works: it is asked for and used at once, and an old one in a
/// mailbox or a log should not erase anyone.
pub const ERASURE_LINK_LIFETIME: chrono::Duration = chrono::Duration::hours(24);
use crate::mail::{MailError, Mailer, OutgoingEmail};

/// At most `per_day` emails a day from the whole function, whatever the addresses: the last
/// line against a signup flood, where the per-address and per-client caps count one each.
#[derive(Clone)]
pub struct SendBudget {
    pub counters: Arc<dyn RateLimitStore>,
    pub per_day: u64,
}

impl SendBudget {
    /// Takes one email from today's budget (UTC days); false when it is spent.
    async fn take(&self, now: DateTime<Utc>) -> Result<bool, StorageError> {
        let day = now.date_naive();
        // Keys start with the function's form, as every key of the shared tables does.
        let sent = self
            .counters
            .hit(
                &format!("community#mail-budget#{day}"),
                Lifetime::new(now, end_of_next_day(day)),
            )
            .await?;
        Ok(sent <= self.per_day)
    }
}

/// At most `MAILS_PER_DAY` emails a day to one mailbox, however its address is spelled
/// (`v+1@`, `v+2@`, … count as one: `EmailAddress::canonical_mailbox`). The record's own count
/// sees only its exact address; this one is kept beside the rate limits, under a keyed hash of
/// the canonical mailbox, for the day.
#[derive(Clone)]
pub struct MailboxCap {
    pub counters: Arc<dyn RateLimitStore>,
    /// Keys the mailbox's hash: no address is stored in the counters.
    pub key: SecretKey,
    pub per_day: u64,
}

impl MailboxCap {
    /// Counts one email to `to`'s mailbox today (UTC); false when its cap is reached.
    async fn take(&self, to: &str, now: DateTime<Utc>) -> Result<bool, StorageError> {
        let Ok(address) = EmailAddress::parse(to) else {
            // Stored addresses were parsed on the way in; an unparsable one counts as itself.
            return self.take_for(to, now).await;
        };
        self.take_for(&address.canonical_mailbox(), now).await
    }

    async fn take_for(&self, mailbox: &str, now: DateTime<Utc>) -> Result<bool, StorageError> {
        let day = now.date_naive();
        let mailbox = self.key.hmac_hex(&[b"mailbox", mailbox.as_bytes()]);
        let sent = self
            .counters
            .hit(
                &format!("community#mailbox#{mailbox}#{day}"),
                Lifetime::new(now, end_of_next_day(day)),
            )
            .await?;
        Ok(sent <= self.per_day)
    }
}

/// A day's counter is kept until the end of the next day (TTL only tidies up: the day is in
/// the key).
fn end_of_next_day(day: chrono::NaiveDate) -> DateTime<Utc> {
    (day + Days::new(2))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
}

/// Why an email a change asked for was not sent. Either way the record stays as stored, and
/// the next signup sends again.
#[derive(Debug, thiserror::Error)]
pub enum NotSent {
    #[error("the mail service failed")]
    Failed(#[from] MailError),
    /// Today's budget is spent (an alarm goes off on the metric the handler counts).
    #[error("the daily email budget is spent")]
    BudgetSpent,
    /// The mailbox has had its emails for today, under one spelling or another.
    #[error("the mailbox's daily cap is reached")]
    MailboxCapped,
    #[error("the budget counter could not be reached")]
    Budget(#[from] StorageError),
}

/// Where an email goes, and in which language.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub address: &'a str,
    pub lang: Lang,
}

#[derive(Clone)]
pub struct Notifier {
    pub mailer: Arc<dyn Mailer>,
    /// The sender.
    pub from: String,
    /// The frontend, whose pages the emails link to.
    pub frontend_base_url: String,
    /// This API's public base URL, for the one-click unsubscribe link.
    pub api_base_url: String,
    /// Sign the unsubscribe token every email carries and erasure links; seal confirmations.
    pub token_keys: TokenKeys,
    pub budget: SendBudget,
    pub mailbox_cap: MailboxCap,
}

impl Notifier {
    /// Sends the email `change` asks for, if any, to `to` within today's budget. A failure
    /// is logged, never shown: the record stays as it is, and the next signup sends again.
    pub async fn send(
        &self,
        change: &Change,
        recipient: &Recipient<'_>,
        confirmation_token: &str,
        now: DateTime<Utc>,
    ) -> Result<(), NotSent> {
        let Some(mail) = change.mail else {
            return Ok(());
        };
        let to = recipient.address;
        // The mailbox's cap first, so that capped emails do not use up the day's budget.
        if !self.mailbox_cap.take(to, now).await? {
            tracing::info!("the mailbox's daily cap is reached; email not sent");
            return Err(NotSent::MailboxCapped);
        }
        if !self.budget.take(now).await? {
            tracing::warn!("the daily email budget is spent; email not sent");
            return Err(NotSent::BudgetSpent);
        }
        let hash = &change.record.email_hash;
        let manage = self.token_keys.unsubscribe(hash);
        // Mail clients POST the header's link (RFC 8058); people open the body's links, which
        // are pages of the site in the member's language with a button that does the POST.
        let unsubscribe_url = format!(
            "{}/v1/community/unsubscribe?token={manage}",
            self.api_base_url
        );
        let page = |name: &str, token: &str| {
            format!(
                "{}/{}/community/{name}/?token={token}",
                self.frontend_base_url,
                recipient.lang.code()
            )
        };
        let links = messages::Links {
            action: match mail {
                Mail::Confirm => page("confirm", confirmation_token),
                Mail::AlreadyMember => page("manage", &manage),
                Mail::EraseLink => page(
                    "erase",
                    &self.token_keys.erasure(hash, now + ERASURE_LINK_LIFETIME),
                ),
            },
            unsubscribe: page("unsubscribe", &manage),
            erase: page("erase", &manage),
        };
        let wording = messages::wording(mail, recipient.lang, &links);
        let email = OutgoingEmail {
            to: to.to_owned(),
            subject: wording.subject.to_owned(),
            text: wording.body,
            unsubscribe_url,
        };
        let sent = self.mailer.send(&self.from, &email).await;
        if let Err(error) = &sent {
            tracing::error!(error = %error, source = ?std::error::Error::source(error).map(ToString::to_string), "email not sent");
        }
        Ok(sent?)
    }
}
