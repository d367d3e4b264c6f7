//! The time trap: forms carry a signed issue time, and a submission made too soon after it (a
//! bot) or too long after it (a replayed form) is refused.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};

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
    ) -> Result<(), FormTokenError> {
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
        Ok(())
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
                tokens.check(&token, "stories", issued + after),
                expected,
                "{after}"
            );
        }
    }

    #[test]
    fn forged_or_foreign_tokens_are_invalid() {
        let tokens = tokens();
        let issued = fixed_now() - TimeDelta::minutes(5);
        let token = tokens.issue("stories", issued);
        let now = fixed_now();
        assert_eq!(
            tokens.check(&token, "community", now),
            Err(FormTokenError::Invalid)
        );
        assert_eq!(
            FormTokens::new(SecretKey::random()).check(&token, "stories", now),
            Err(FormTokenError::Invalid)
        );
        let earlier = format!(
            "{}{}",
            issued.timestamp_millis() - 60_000,
            &token[token.find('.').unwrap()..]
        );
        assert_eq!(
            tokens.check(&earlier, "stories", now),
            Err(FormTokenError::Invalid)
        );
        for garbage in ["", "abc", "1.2", "1.2.3", "x.y.%%%"] {
            assert_eq!(
                tokens.check(garbage, "stories", now),
                Err(FormTokenError::Invalid),
                "{garbage}"
            );
        }
    }
}
