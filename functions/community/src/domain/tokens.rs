//! Tokens in emails:
//! - confirmation: the sealed signup (`confirmation.rs`), expiring;
//! - unsubscribe (every email's `List-Unsubscribe` and unsubscribe link): signed, carries the
//!   address's keyed hash (to find the member without an index), does nothing but unsubscribe,
//!   and keeps working as long as its key is kept;
//! - erasure: signed with an expiry, sent only on request to the address itself, so that a
//!   forwarded newsletter or a link in a log cannot erase anyone.
//!
//! Tokens name the key that made them (a 4-byte id derived from the key), so keys can rotate:
//! the first key of `TokenKeys` signs and seals, every key verifies and opens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use shared::secret::SecretKey;

const HASH_BYTES: usize = 32;
const SECRET_BYTES: usize = 32;
const KEY_ID_BYTES: usize = TokenKeys::KEY_ID_BYTES;
const UNSUBSCRIBE: u8 = b'U';
const ERASURE: u8 = b'E';

/// The keyed hash that names an address's record: HMAC-SHA256 of the normalized address.
pub fn email_hash(key: &SecretKey, normalized_address: &str) -> String {
    key.hmac_hex(&[b"email", normalized_address.as_bytes()])
}

/// A token of the first format (before key ids, the split and sealed confirmations): the
/// address's hash and a secret part.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemberToken {
    pub email_hash: String,
    secret: [u8; SECRET_BYTES],
}

impl MemberToken {
    fn parse(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        if bytes.len() != HASH_BYTES + SECRET_BYTES {
            return None;
        }
        Some(Self {
            email_hash: hex::encode(&bytes[..HASH_BYTES]),
            secret: bytes[HASH_BYTES..].try_into().ok()?,
        })
    }

    #[cfg(test)]
    fn encode(email_hash: &str, secret: &[u8]) -> String {
        let mut bytes = hex::decode(email_hash).expect("email hashes are hex");
        bytes.extend_from_slice(secret);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// A token of the first format (before key ids and the split), which unsubscribed and
    /// erased alike: emails already sent carry it, so it still unsubscribes.
    fn is_legacy_manage_token(&self, key: &SecretKey) -> bool {
        key.verify(&[b"manage", self.email_hash.as_bytes()], &self.secret)
    }
}

/// What a signed token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Unsubscribe,
    Erase { expires_at: DateTime<Utc> },
}

/// A token this API signed, verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedToken {
    pub email_hash: String,
    pub purpose: Purpose,
}

/// The keys of the tokens in emails: the first signs and seals, all verify and open.
#[derive(Debug, Clone)]
pub struct TokenKeys {
    keys: Vec<SecretKey>,
}

impl TokenKeys {
    /// `current` signs; `previous` (older keys, newest first) still verify.
    pub fn new(current: SecretKey, previous: Vec<SecretKey>) -> Self {
        let mut keys = vec![current];
        keys.extend(previous);
        Self { keys }
    }

    pub(super) const KEY_ID_BYTES: usize = 4;

    pub(super) fn key_id(key: &SecretKey) -> [u8; Self::KEY_ID_BYTES] {
        let tag = key.hmac(&[b"key-id"]);
        tag[..Self::KEY_ID_BYTES].try_into().expect("4 bytes")
    }

    /// The key that signs and seals.
    pub(super) fn current(&self) -> &SecretKey {
        &self.keys[0]
    }

    /// The kept key whose id is `key_id`.
    pub(super) fn find(&self, key_id: &[u8]) -> Option<&SecretKey> {
        self.keys
            .iter()
            .find(|key| Self::key_id(key).as_slice() == key_id)
    }

    fn sign(&self, purpose: u8, email_hash: &str, expiry: Option<i64>) -> String {
        let key = self.current();
        let mut bytes = vec![purpose];
        bytes.extend_from_slice(&Self::key_id(key));
        bytes.extend(hex::decode(email_hash).expect("email hashes are hex"));
        if let Some(expiry) = expiry {
            bytes.extend_from_slice(&expiry.to_be_bytes());
        }
        let signature = key.hmac(&[b"member-token", &bytes]);
        bytes.extend_from_slice(&signature);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The address's unsubscribe token.
    pub fn unsubscribe(&self, email_hash: &str) -> String {
        self.sign(UNSUBSCRIBE, email_hash, None)
    }

    /// An erasure token for the address, valid until `expires_at`.
    pub fn erasure(&self, email_hash: &str, expires_at: DateTime<Utc>) -> String {
        self.sign(ERASURE, email_hash, Some(expires_at.timestamp()))
    }

    /// The token, if one of these keys signed it (or it is a first-format manage token, which
    /// now only unsubscribes).
    pub fn verify(&self, text: &str) -> Option<SignedToken> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        if bytes.len() == HASH_BYTES + SECRET_BYTES {
            let legacy = MemberToken::parse(text)?;
            return self
                .keys
                .iter()
                .any(|key| legacy.is_legacy_manage_token(key))
                .then_some(SignedToken {
                    email_hash: legacy.email_hash,
                    purpose: Purpose::Unsubscribe,
                });
        }
        let (purpose, rest) = bytes.split_first()?;
        let expiry_bytes = match *purpose {
            UNSUBSCRIBE => 0,
            ERASURE => 8,
            _ => return None,
        };
        if rest.len() != KEY_ID_BYTES + HASH_BYTES + expiry_bytes + 32 {
            return None;
        }
        let (signed, signature) = bytes.split_at(bytes.len() - 32);
        let key = self.find(&rest[..KEY_ID_BYTES])?;
        if !key.verify(&[b"member-token", signed], signature) {
            return None;
        }
        let hash = &rest[KEY_ID_BYTES..KEY_ID_BYTES + HASH_BYTES];
        let purpose = match *purpose {
            UNSUBSCRIBE => Purpose::Unsubscribe,
            _ => {
                let at = &rest[KEY_ID_BYTES + HASH_BYTES..KEY_ID_BYTES + HASH_BYTES + 8];
                let seconds = i64::from_be_bytes(at.try_into().ok()?);
                Purpose::Erase {
                    expires_at: DateTime::from_timestamp(seconds, 0)?,
                }
            }
        };
        Some(SignedToken {
            email_hash: hex::encode(hash),
            purpose,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy_manage(key: &SecretKey, email_hash: &str) -> String {
        MemberToken::encode(email_hash, &key.hmac(&[b"manage", email_hash.as_bytes()]))
    }

    #[test]
    fn signed_tokens_say_what_they_may_do_and_verify_under_any_kept_key() {
        let (old, new) = (SecretKey::random(), SecretKey::random());
        let before = TokenKeys::new(old.clone(), Vec::new());
        let after = TokenKeys::new(new, vec![old]);
        let hash = "ab".repeat(32);
        let until: DateTime<Utc> = "2026-12-02T10:00:00Z".parse().unwrap();

        let unsubscribe = before.unsubscribe(&hash);
        let erasure = before.erasure(&hash, until);
        for keys in [&before, &after] {
            let verified = keys.verify(&unsubscribe).unwrap();
            assert_eq!(verified.email_hash, hash);
            assert_eq!(verified.purpose, Purpose::Unsubscribe);
            let verified = keys.verify(&erasure).unwrap();
            assert_eq!(verified.purpose, Purpose::Erase { expires_at: until });
            let legacy = keys.verify(&legacy_manage(&before.keys[0], &hash)).unwrap();
            assert_eq!(
                legacy.purpose,
                Purpose::Unsubscribe,
                "old links only unsubscribe"
            );
        }
        let stranger = TokenKeys::new(SecretKey::random(), Vec::new());
        assert!(stranger.verify(&unsubscribe).is_none());
        assert!(stranger.verify(&erasure).is_none());

        // Tampering: another purpose, expiry or address under the same signature.
        let mut bytes = URL_SAFE_NO_PAD.decode(&erasure).unwrap();
        bytes[1 + KEY_ID_BYTES + HASH_BYTES] ^= 1;
        assert!(before.verify(&URL_SAFE_NO_PAD.encode(&bytes)).is_none());
        let mut bytes = URL_SAFE_NO_PAD.decode(&unsubscribe).unwrap();
        bytes[0] = ERASURE;
        assert!(before.verify(&URL_SAFE_NO_PAD.encode(&bytes)).is_none());
    }
}
