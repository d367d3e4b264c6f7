//! The time trap: forms carry a signed issue time, and a submission made too soon after it (a
//! bot) or too long after it (a replayed form) is refused.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::secret::SecretKey;

#[derive(Debug, Clone)]
pub struct FormTokens {
    key: SecretKey,
    /// Faster than a person can fill the form.
    pub min_age: Duration,
    /// Older than any real visit.
    pub max_age: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormTokenError {
    #[error("is not a form token issued by this API")]
    Invalid,
    #[error("was submitted too quickly after the form was loaded; please try again")]
    TooFast,
    #[error("has expired; please reload the form")]
    Expired,
    #[error("has already been used; please reload the form")]
    Used,
}

/// A token that passed the time trap: what single use needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedToken {
    /// Names the token without being it: SHA-256 of its text, hex.
    pub id: String,
    /// When the time trap starts refusing it: a spent mark need not outlive this.
    pub expires_at: DateTime<Utc>,
}

impl FormTokens {
    pub const DEFAULT_MIN_AGE: Duration = Duration::from_secs(3);
    pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

    pub fn new(key: SecretKey) -> Self {
        Self {
            key,
            min_age: Self::DEFAULT_MIN_AGE,
            max_age: Self::DEFAULT_MAX_AGE,
        }
    }

    /// A token for the form `purpose` (`stories`, `community`), issued at `now`.
    pub fn issue(&self, purpose: &str, now: DateTime<Utc>) -> String {
        let issued = now.timestamp_millis().to_string();
        let nonce = hex::encode(rand::random::<[u8; 8]>());
        let tag = self
            .key
            .hmac(&[purpose.as_bytes(), issued.as_bytes(), nonce.as_bytes()]);
        format!("{issued}.{nonce}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    pub fn check(
        &self,
        token: &str,
        purpose: &str,
        now: DateTime<Utc>,
    ) -> Result<CheckedToken, FormTokenError> {
        let mut parts = token.splitn(3, '.');
        let (Some(issued), Some(nonce), Some(tag)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(FormTokenError::Invalid);
        };
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| FormTokenError::Invalid)?;
        if !self.key.verify(
            &[purpose.as_bytes(), issued.as_bytes(), nonce.as_bytes()],
            &tag,
        ) {
            return Err(FormTokenError::Invalid);
        }
        let issued: i64 = issued.parse().map_err(|_| FormTokenError::Invalid)?;
        let age_ms = now.timestamp_millis() - issued;
        if age_ms < self.min_age.as_millis() as i64 {
            return Err(FormTokenError::TooFast);
        }
        if age_ms > self.max_age.as_millis() as i64 {
            return Err(FormTokenError::Expired);
        }
        let max_age_ms = i64::try_from(self.max_age.as_millis()).unwrap_or(i64::MAX);
        let expires_at = DateTime::from_timestamp_millis(issued.saturating_add(max_age_ms))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Ok(CheckedToken {
            id: hex::encode(Sha256::digest(token.as_bytes())),
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn fixed_now() -> DateTime<Utc> {
        "2026-11-27T15:00:00Z".parse().unwrap()
    }

    fn tokens() -> FormTokens {
        FormTokens::new(SecretKey::random())
    }

    #[test]
    fn a_token_is_accepted_between_its_minimum_and_maximum_age() {
        let tokens = tokens();
        let issued = fixed_now();
        let token = tokens.issue("stories", issued);
        let cases = [
            (TimeDelta::seconds(1), Err(FormTokenError::TooFast)),
            (TimeDelta::seconds(3), Ok(())),
            (TimeDelta::hours(23), Ok(())),
            (TimeDelta::hours(25), Err(FormTokenError::Expired)),
        ];
        for (after, expected) in cases {
            assert_eq!(
                tokens.check(&token, "stories", issued + after).map(|_| ()),
                expected,
                "{after}"
            );
        }
    }

    #[test]
    fn a_checked_token_expires_with_its_maximum_age_and_is_named_by_a_digest() {
        let tokens = tokens();
        let issued = fixed_now();
        let token = tokens.issue("stories", issued);
        let checked = tokens
            .check(&token, "stories", issued + TimeDelta::minutes(1))
            .unwrap();
        assert_eq!(checked.expires_at, issued + TimeDelta::hours(24));
        assert_eq!(checked.id.len(), 64);
        assert!(!checked.id.contains(&token), "the digest, not the token");
        let other = tokens.issue("stories", issued);
        let other = tokens
            .check(&other, "stories", issued + TimeDelta::minutes(1))
            .unwrap();
        assert_ne!(checked.id, other.id, "every issued token has its own id");
    }

    #[test]
    fn forged_or_foreign_tokens_are_invalid() {
        let tokens = tokens();
        let issued = fixed_now() - TimeDelta::minutes(5);
        let token = tokens.issue("stories", issued);
        let now = fixed_now();
        assert_eq!(
            tokens.check(&token, "community", now).map(|_| ()),
            Err(FormTokenError::Invalid)
        );
        assert_eq!(
            FormTokens::new(SecretKey::random())
                .check(&token, "stories", now)
                .map(|_| ()),
            Err(FormTokenError::Invalid)
        );
        let earlier = format!(
            "{}{}",
            issued.timestamp_millis() - 60_000,
            &token[token.find('.').unwrap()..]
        );
        assert_eq!(
            tokens.check(&earlier, "stories", now).map(|_| ()),
            Err(FormTokenError::Invalid)
        );
        for garbage in ["", "abc", "1.2", "1.2.3", "x.y.%%%"] {
            assert_eq!(
                tokens.check(garbage, "stories", now).map(|_| ()),
                Err(FormTokenError::Invalid),
                "{garbage}"
            );
        }
    }
}
