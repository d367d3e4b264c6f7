//! Tokens in emails. Each carries the address's keyed hash (to find the member without an
//! index) and 256 bits of secret:
//! - confirmation: random, stored only as a SHA-256, single use, expiring;
//! - manage (unsubscribe, erasure): derived from the hash under a secret key, so that every
//!   email's link keeps working without the token being stored anywhere.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use shared::secret::SecretKey;

const HASH_BYTES: usize = 32;
const SECRET_BYTES: usize = 32;

/// The keyed hash that names an address's record: HMAC-SHA256 of the normalized address.
pub fn email_hash(key: &SecretKey, normalized_address: &str) -> String {
    key.hmac_hex(&[b"email", normalized_address.as_bytes()])
}

/// A decoded token: whose it is, and its secret part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberToken {
    pub email_hash: String,
    secret: [u8; SECRET_BYTES],
}

impl MemberToken {
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        if bytes.len() != HASH_BYTES + SECRET_BYTES {
            return None;
        }
        Some(Self {
            email_hash: hex::encode(&bytes[..HASH_BYTES]),
            secret: bytes[HASH_BYTES..].try_into().ok()?,
        })
    }

    fn encode(email_hash: &str, secret: &[u8]) -> String {
        let mut bytes = hex::decode(email_hash).expect("email hashes are hex");
        bytes.extend_from_slice(secret);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// A new confirmation token and the SHA-256 to store.
    pub fn new_confirmation(email_hash: &str) -> (String, String) {
        let secret: [u8; SECRET_BYTES] = rand::random();
        (
            Self::encode(email_hash, &secret),
            hex::encode(Sha256::digest(secret)),
        )
    }

    pub fn secret_sha256(&self) -> String {
        hex::encode(Sha256::digest(self.secret))
    }

    /// The member's manage token (unsubscribe and erasure links).
    pub fn manage(key: &SecretKey, email_hash: &str) -> String {
        Self::encode(email_hash, &key.hmac(&[b"manage", email_hash.as_bytes()]))
    }

    pub fn is_manage_token(&self, key: &SecretKey) -> bool {
        key.verify(&[b"manage", self.email_hash.as_bytes()], &self.secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_the_hash_and_verify_their_secret() {
        let key = SecretKey::random();
        let hash = "ab".repeat(32);
        let manage = MemberToken::parse(&MemberToken::manage(&key, &hash)).unwrap();
        assert_eq!(manage.email_hash, hash);
        assert!(manage.is_manage_token(&key));
        assert!(!manage.is_manage_token(&SecretKey::random()));

        let (token, stored) = MemberToken::new_confirmation(&hash);
        let parsed = MemberToken::parse(&token).unwrap();
        assert_eq!(parsed.secret_sha256(), stored);
        assert!(!parsed.is_manage_token(&key));
        assert_eq!(token.len(), 86, "512 bits in base64url");
        for garbage in ["", "abc", "!!!!", &"A".repeat(85)] {
            assert!(MemberToken::parse(garbage).is_none(), "{garbage}");
        }
    }
}
