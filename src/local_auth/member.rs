//! Members' tokens for the local server: the development sign-in mints them (there is no
//! Facebook or Google here), shaped as a members-pool ID token, and the stand-in authorizer
//! verifies them for the `/v1/me` routes.

use std::collections::HashMap;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::http::member::MemberAudience;

use super::LocalJwtKey;

/// Whether API Gateway guards `path` with the members' authorizer.
pub fn is_guarded(path: &str) -> bool {
    path == "/v1/me" || path.starts_with("/v1/me/")
}

/// Who signs in with the development sign-in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSignIn {
    pub email: String,
    #[serde(default)]
    pub email_verified: bool,
    /// `facebook` or `google`, as the account page offers.
    pub provider: String,
}

impl MemberSignIn {
    /// The provider's name as Cognito spells it, if it is one the site offers.
    fn provider_name(&self) -> Option<&'static str> {
        match self.provider.as_str() {
            "facebook" => Some("Facebook"),
            "google" => Some("Google"),
            _ => None,
        }
    }

    /// A stable pseudonym for the address: signing in again is the same member.
    fn subject(&self) -> String {
        let digest = Sha256::digest(self.email.trim().to_lowercase().as_bytes());
        format!("local-{}", &hex::encode(digest)[..24])
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct MemberClaims {
    sub: String,
    iss: String,
    aud: String,
    token_use: String,
    email: String,
    email_verified: bool,
    #[serde(rename = "cognito:username")]
    username: String,
    /// As Cognito writes a federated user's: a JSON array of the linked providers.
    identities: String,
    exp: i64,
}

impl LocalJwtKey {
    /// A token like a members-pool ID token for the site's app client; `None` for a provider
    /// the site does not offer.
    pub fn mint_member(&self, who: &MemberSignIn, valid_for: chrono::Duration) -> Option<String> {
        let provider = who.provider_name()?;
        let subject = who.subject();
        let audience = MemberAudience::local();
        let claims = MemberClaims {
            username: format!("{provider}_{subject}"),
            identities: serde_json::json!([{
                "providerName": provider,
                "providerType": provider,
                "userId": subject,
                "primary": "true",
            }])
            .to_string(),
            sub: subject,
            iss: audience.issuer,
            aud: audience.client_id,
            token_use: "id".to_owned(),
            email: who.email.trim().to_owned(),
            email_verified: who.email_verified,
            exp: (chrono::Utc::now() + valid_for).timestamp(),
        };
        let key = EncodingKey::from_secret(self.secret());
        Some(encode(&Header::new(Algorithm::HS256), &claims, &key).expect("HS256 signs"))
    }

    /// The flattened claims of a valid member token, as API Gateway passes them.
    pub(super) fn verify_member(&self, token: &str) -> Option<HashMap<String, String>> {
        let audience = MemberAudience::local();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[audience.issuer.as_str()]);
        validation.set_audience(&[audience.client_id.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims =
            decode::<MemberClaims>(token, &DecodingKey::from_secret(self.secret()), &validation)
                .ok()?
                .claims;
        Some(HashMap::from([
            ("sub".to_owned(), claims.sub),
            ("iss".to_owned(), claims.iss),
            ("aud".to_owned(), claims.aud),
            ("token_use".to_owned(), claims.token_use),
            ("email".to_owned(), claims.email),
            (
                "email_verified".to_owned(),
                claims.email_verified.to_string(),
            ),
            ("cognito:username".to_owned(), claims.username),
            ("identities".to_owned(), claims.identities),
            ("exp".to_owned(), claims.exp.to_string()),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ana(provider: &str) -> MemberSignIn {
        MemberSignIn {
            email: "ana@example.org".to_owned(),
            email_verified: true,
            provider: provider.to_owned(),
        }
    }

    #[test]
    fn member_tokens_verify_only_as_members_and_only_under_their_key() {
        let key = LocalJwtKey::new(b"a-local-key-of-at-least-32-characters");
        let token = key
            .mint_member(&ana("google"), chrono::Duration::hours(1))
            .unwrap();
        let claims = key.verify_member(&token).unwrap();
        assert_eq!(claims["email_verified"], "true");
        assert!(claims["cognito:username"].starts_with("Google_local-"));
        // The same address is the same member.
        let again = key
            .mint_member(&ana("google"), chrono::Duration::hours(1))
            .unwrap();
        assert_eq!(key.verify_member(&again).unwrap()["sub"], claims["sub"]);
        // Not a moderator's token, not under another key, not expired, not another provider.
        assert!(key.verify(&token).is_none());
        let other = LocalJwtKey::new(b"another-local-key-of-32-characters!!");
        assert!(other.verify_member(&token).is_none());
        let expired = key
            .mint_member(&ana("google"), chrono::Duration::minutes(-5))
            .unwrap();
        assert!(key.verify_member(&expired).is_none());
        assert!(key
            .mint_member(&ana("myspace"), chrono::Duration::hours(1))
            .is_none());
        let moderator = key.mint("m", &["moderators".to_owned()], chrono::Duration::hours(1));
        assert!(key.verify_member(&moderator).is_none());
    }

    #[test]
    fn the_members_authorizer_guards_me_and_below_only() {
        for (path, guarded) in [
            ("/v1/me", true),
            ("/v1/me/stories", true),
            ("/v1/me/community", true),
            ("/v1/meetings", false),
            ("/v1/stories", false),
        ] {
            assert_eq!(is_guarded(path), guarded, "{path}");
        }
    }
}
