//! The confirmation token: the pending signup itself, sealed. The address, language and
//! interests travel in the link, encrypted and authenticated (ChaCha20-Poly1305), so that the
//! store keeps no address for a signup no one has confirmed. The key is derived from the
//! newest `MANAGE_TOKEN_KEY`, and the token names it (the same 4-byte key id as the signed
//! tokens), so links already sent keep working while the key rotates.
//!
//! Layout, base64url: `C`, key id (4), nonce (12), then the sealed JSON and its 16-byte tag; the
//! first five bytes are the associated data, so neither purpose nor key id can be swapped.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::forms::email::EmailAddress;
use shared::http::lang::Lang;
use shared::secret::SecretKey;

use super::interests;
use super::member::PENDING_FOR_DAYS;
use super::signup::ValidSignup;
use super::tokens::TokenKeys;

const CONFIRMATION: u8 = b'C';
const HEADER_BYTES: usize = 1 + TokenKeys::KEY_ID_BYTES;
const TAG_BYTES: usize = 16;
/// Longer than any token we make (an address is at most 254 bytes): refused before decoding.
pub const MAX_TOKEN_CHARS: usize = 1024;

/// What a confirmation link confirms: everything the signup asked for, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub email: EmailAddress,
    pub lang: Lang,
    pub interests: Vec<String>,
    /// When the signup was stored: its consent event's time, kept when it is confirmed.
    pub signed_up_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Confirmation {
    /// The confirmation of `signup`, stored at `now`; it works as long as a pending signup does.
    pub fn of(signup: &ValidSignup, now: DateTime<Utc>) -> Self {
        Self {
            email: signup.email.clone(),
            lang: signup.lang,
            interests: signup.interests.clone(),
            signed_up_at: now,
            expires_at: now + Duration::days(PENDING_FOR_DAYS),
        }
    }

    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.expires_at > now
    }
}

/// The sealed form, with short names: the link stays short.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    e: String,
    l: Lang,
    i: Vec<String>,
    /// `signed_up_at`, in microseconds: it names the signup's consent event exactly.
    s: i64,
    /// `expires_at`, in microseconds.
    x: i64,
}

/// The AEAD key of a token key: derived, so that it never doubles as an HMAC key.
fn aead_key(key: &SecretKey) -> LessSafeKey {
    let bytes = key.hmac(&[b"confirmation-aead"]);
    LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &bytes).expect("a 32-byte key"))
}

impl TokenKeys {
    /// A confirmation link's token for `confirmation`, under the newest key.
    pub fn seal_confirmation(&self, confirmation: &Confirmation) -> String {
        let key = self.current();
        let mut header = vec![CONFIRMATION];
        header.extend_from_slice(&Self::key_id(key));
        let nonce: [u8; NONCE_LEN] = rand::random();
        let mut sealed = serde_json::to_vec(&Sealed {
            e: confirmation.email.as_str().to_owned(),
            l: confirmation.lang,
            i: confirmation.interests.clone(),
            s: confirmation.signed_up_at.timestamp_micros(),
            x: confirmation.expires_at.timestamp_micros(),
        })
        .expect("serializes");
        aead_key(key)
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(&header),
                &mut sealed,
            )
            .expect("sealing cannot fail with a valid key");
        let mut bytes = header;
        bytes.extend_from_slice(&nonce);
        bytes.extend(sealed);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The confirmation `text` holds, if one of these keys sealed it and nothing was changed;
    /// expired or not (the caller compares `expires_at` with its clock).
    pub fn open_confirmation(&self, text: &str) -> Option<Confirmation> {
        if text.len() > MAX_TOKEN_CHARS {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        if bytes.len() < HEADER_BYTES + NONCE_LEN + TAG_BYTES || bytes[0] != CONFIRMATION {
            return None;
        }
        let (header, rest) = bytes.split_at(HEADER_BYTES);
        let key = self.find(&header[1..])?;
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let mut in_out = sealed.to_vec();
        let plain = aead_key(key)
            .open_in_place(
                Nonce::try_assume_unique_for_key(nonce).ok()?,
                Aad::from(header),
                &mut in_out,
            )
            .ok()?;
        let sealed: Sealed = serde_json::from_slice(plain).ok()?;
        // Sealed by us, so valid when sealed; parsed again so that the type keeps its promise.
        let email = EmailAddress::parse(&sealed.e).ok()?;
        if !sealed.i.iter().all(|code| interests::is_allowed(code)) {
            return None;
        }
        Some(Confirmation {
            email,
            lang: sealed.l,
            interests: sealed.i,
            signed_up_at: DateTime::from_timestamp_micros(sealed.s)?,
            expires_at: DateTime::from_timestamp_micros(sealed.x)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn confirmation() -> Confirmation {
        let now: DateTime<Utc> = "2026-11-27T15:00:00.123456Z".parse().unwrap();
        Confirmation {
            email: EmailAddress::parse("María@Bücher.example").unwrap(),
            lang: Lang::Es,
            interests: vec!["advocate".into(), "patient".into()],
            signed_up_at: now,
            expires_at: now + Duration::days(PENDING_FOR_DAYS),
        }
    }

    #[test]
    fn a_sealed_confirmation_opens_under_any_kept_key_and_hides_the_address() {
        let (old, new) = (SecretKey::random(), SecretKey::random());
        let before = TokenKeys::new(old.clone(), Vec::new());
        let after = TokenKeys::new(new, vec![old]);
        let token = before.seal_confirmation(&confirmation());
        for keys in [&before, &after] {
            let mut opened = keys.open_confirmation(&token).unwrap();
            assert_eq!(opened, confirmation());
            opened.expires_at = opened.signed_up_at;
            assert!(!opened.is_live(opened.signed_up_at));
        }
        assert!(!token.contains("bcher") && !token.contains("patient"));
        let raw = URL_SAFE_NO_PAD.decode(&token).unwrap();
        assert!(!raw.windows(5).any(|w| w == b"mar\xc3\xad" || w == b"bcher"));
        assert_ne!(
            token,
            before.seal_confirmation(&confirmation()),
            "a fresh nonce"
        );
        assert!(token.len() < MAX_TOKEN_CHARS);
    }

    #[test]
    fn the_longest_signup_fits_the_documented_token_length() {
        let domain = format!(
            "{}.{}.{}.org",
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(57)
        );
        let address = format!("{}@{domain}", "a".repeat(64));
        assert_eq!(address.len(), 254);
        let longest = Confirmation {
            email: EmailAddress::parse(&address).unwrap(),
            interests: interests::codes().into_iter().map(String::from).collect(),
            ..confirmation()
        };
        let keys = TokenKeys::new(SecretKey::random(), Vec::new());
        let token = keys.seal_confirmation(&longest);
        assert!(token.len() <= MAX_TOKEN_CHARS, "{}", token.len());
        assert_eq!(keys.open_confirmation(&token), Some(longest));
    }

    #[test]
    fn forged_tampered_and_foreign_tokens_open_to_nothing() {
        let keys = TokenKeys::new(SecretKey::random(), Vec::new());
        let token = keys.seal_confirmation(&confirmation());
        let stranger = TokenKeys::new(SecretKey::random(), Vec::new());
        assert!(stranger.open_confirmation(&token).is_none(), "another key");
        let raw = URL_SAFE_NO_PAD.decode(&token).unwrap();
        for at in [0, 1, HEADER_BYTES, HEADER_BYTES + NONCE_LEN, raw.len() - 1] {
            let mut bytes = raw.clone();
            bytes[at] ^= 1;
            let tampered = URL_SAFE_NO_PAD.encode(&bytes);
            assert!(keys.open_confirmation(&tampered).is_none(), "byte {at}");
        }
        let truncated = URL_SAFE_NO_PAD.encode(&raw[..raw.len() - 1]);
        let signed = keys.unsubscribe(&"ab".repeat(32));
        for bad in [
            "",
            "!!!!",
            &truncated,
            &signed,
            &"A".repeat(86),
            &"A".repeat(2000),
        ] {
            assert!(keys.open_confirmation(bad).is_none(), "{bad}");
        }
        assert!(
            keys.verify(&token).is_none(),
            "a confirmation never unsubscribes"
        );
    }
}
