//! The consent to receive community email, versioned; and the append-only record of consents.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::http::lang::Lang;

/// Change it whenever the text changes.
pub const CONSENT_VERSION: &str = "2026-11-27";
pub const PURPOSE: &str = "community_email";

pub fn text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "Yes, I want to receive ImmunoCommunity emails with news and resources about cancer \
             immunotherapy. I can unsubscribe at any time with one click."
        }
        Lang::Es => {
            "Sí, quiero recibir correos electrónicos de la ImmunoCommunity con noticias y recursos \
             sobre la inmunoterapia contra el cáncer. Puedo cancelar la suscripción en cualquier \
             momento con un clic."
        }
    }
}

pub fn text_sha256(lang: Lang) -> String {
    hex::encode(Sha256::digest(text(lang).as_bytes()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentEventKind {
    /// Consent given on the signup form.
    Signup,
    /// Consent confirmed from the email (double opt-in).
    Confirmation,
    /// Consent given while signed in, with an address the identity provider vouches for: the
    /// sign-in proves the mailbox as the confirmation email would.
    MemberConsent,
    /// Consent withdrawn (unsubscribed).
    Withdrawal,
    /// Personal data erased on request.
    Erasure,
}

/// One append-only consent record. Holds no address: it is linked by the address's keyed hash.
/// It records which text was consented to and when, not where: the page a signup came from was
/// kept once, read by nothing, and is no longer stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    pub email_hash: String,
    pub kind: ConsentEventKind,
    pub purpose: String,
    pub text_version: String,
    pub text_sha256: String,
    pub lang: Lang,
    pub at: DateTime<Utc>,
    /// A signup's event lapses with its pending record unless the signup is confirmed: a
    /// request no one confirmed is not kept as if it were a consent. Stored as `expiry`; the
    /// item's `expires_at` is its TTL.
    #[serde(default, rename = "expiry", skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Which event: what a store needs to find one again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey {
    pub email_hash: String,
    pub at: DateTime<Utc>,
    pub kind: ConsentEventKind,
}

impl ConsentEvent {
    pub fn new(email_hash: &str, kind: ConsentEventKind, lang: Lang, at: DateTime<Utc>) -> Self {
        Self {
            email_hash: email_hash.to_owned(),
            kind,
            purpose: PURPOSE.to_owned(),
            text_version: CONSENT_VERSION.to_owned(),
            text_sha256: text_sha256(lang),
            lang,
            at,
            expires_at: None,
        }
    }

    pub fn key(&self) -> EventKey {
        EventKey {
            email_hash: self.email_hash.clone(),
            at: self.at,
            kind: self.kind,
        }
    }
}
