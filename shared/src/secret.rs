//! Secret keys for HMACs: form tokens, hashed client addresses, hashed emails.

use std::fmt;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::ConfigError;

/// Keys shorter than this are refused: HMAC-SHA256 wants at least 256 bits.
const MIN_KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct SecretKey(Arc<[u8]>);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

impl SecretKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(format!("a key needs at least {MIN_KEY_BYTES} bytes"));
        }
        Ok(Self(Arc::from(bytes)))
    }

    /// A fresh random key, for local runs and tests.
    pub fn random() -> Self {
        Self(Arc::from(rand::random::<[u8; 32]>().as_slice()))
    }

    /// The key in environment variable `name`; required in Lambda, random locally when unset.
    pub fn from_env(name: &'static str) -> Result<Self, ConfigError> {
        match std::env::var(name) {
            Ok(value) if !value.is_empty() => Self::from_bytes(value.as_bytes())
                .map_err(|reason| ConfigError::Invalid { name, reason }),
            _ if crate::config::running_in_lambda() => Err(ConfigError::Missing(name)),
            _ => Ok(Self::random()),
        }
    }

    pub fn hmac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    pub fn hmac_hex(&self, parts: &[&[u8]]) -> String {
        hex::encode(self.hmac(parts))
    }

    /// Constant-time check of a MAC made by `hmac`.
    pub fn verify(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.verify_slice(tag).is_ok()
    }
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths: the one
/// comparison for secrets, tokens and their hashes.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_depend_on_key_and_on_how_parts_are_split() {
        let key = SecretKey::random();
        assert_eq!(key.hmac(&[b"ab", b"c"]), key.hmac(&[b"ab", b"c"]));
        assert_ne!(key.hmac(&[b"ab", b"c"]), key.hmac(&[b"a", b"bc"]));
        assert_ne!(key.hmac(&[b"x"]), SecretKey::random().hmac(&[b"x"]));
        assert!(key.verify(&[b"x"], &key.hmac(&[b"x"])));
        assert!(!key.verify(&[b"y"], &key.hmac(&[b"x"])));
        assert!(SecretKey::from_bytes(b"short").is_err());
        assert_eq!(format!("{key:?}"), "SecretKey(redacted)");
        assert!(constant_time_eq(b"same", b"same"));
        assert!(!constant_time_eq(b"same", b"sane"));
        assert!(!constant_time_eq(b"same", b"same!"));
    }
}
