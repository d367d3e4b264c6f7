//! Who a signed-in member is: the claims of a members-pool ID token that API Gateway's JWT
//! authorizer verified (signature, expiry) and put in the request context. The functions check
//! again what they rely on — the issuer, the audience and the kind of token — so that a route
//! wired to the wrong authorizer, or a moderator's token, never passes as a member.
//!
//! The local server verifies its own development tokens and puts their claims in the same
//! place, so the same code runs in both.

use std::fmt;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use crate::config::{self, ConfigError};
use crate::http::claims::flattened_claims;
use crate::http::problem::ApiError;

/// The members pool and the site's app client whose tokens `/v1/me` accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberAudience {
    /// `https://cognito-idp.<region>.amazonaws.com/<pool id>` in AWS.
    pub issuer: String,
    /// The site's app client id: an ID token's `aud`.
    pub client_id: String,
}

impl MemberAudience {
    /// What the local server's development sign-in issues.
    pub const LOCAL_ISSUER: &'static str = "immunoguide-local-members";
    pub const LOCAL_CLIENT_ID: &'static str = "immunoguide-local-site";

    pub fn local() -> Self {
        Self {
            issuer: Self::LOCAL_ISSUER.to_owned(),
            client_id: Self::LOCAL_CLIENT_ID.to_owned(),
        }
    }

    /// `MEMBERS_ISSUER` and `MEMBERS_CLIENT_ID`: required in Lambda, the local values elsewhere.
    pub fn from_env() -> Result<Self, ConfigError> {
        if !config::running_in_lambda() {
            let local = Self::local();
            return Ok(Self {
                issuer: std::env::var("MEMBERS_ISSUER").unwrap_or(local.issuer),
                client_id: std::env::var("MEMBERS_CLIENT_ID").unwrap_or(local.client_id),
            });
        }
        Ok(Self {
            issuer: config::required("MEMBERS_ISSUER")?,
            client_id: config::required("MEMBERS_CLIENT_ID")?,
        })
    }
}

/// A member's pseudonymous id: the members pool's `sub`. Stored in place of anything that
/// names the person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberId(String);

impl MemberId {
    const MAX_LEN: usize = 128;

    /// A subject as Cognito makes them (a UUID) or the local sign-in does: printable ASCII
    /// without spaces, at most 128 characters.
    pub fn parse(subject: &str) -> Option<Self> {
        let fits = !subject.is_empty()
            && subject.len() <= Self::MAX_LEN
            && subject.bytes().all(|byte| byte.is_ascii_graphic());
        fits.then(|| Self(subject.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MemberId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A signed-in member, as their ID token says: 401 for anything that is not a members-pool ID
/// token for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: MemberId,
    /// The address as the identity provider gave it, if it gave one.
    pub email: Option<String>,
    /// Whether the provider vouches for the address.
    pub email_verified: bool,
    /// The providers linked to the account, lower case (`facebook`, `google`).
    pub providers: Vec<String>,
    /// The pool's username (`Facebook_1234` for a federated user): what the pool's admin
    /// operations name the account by.
    pub username: Option<String>,
}

impl<S> FromRequestParts<S> for Member
where
    S: Send + Sync,
    MemberAudience: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let audience = MemberAudience::from_ref(state);
        let refused = || ApiError::unauthorized("Sign in: a member's bearer token is required.");
        let claims = flattened_claims(parts).ok_or_else(refused)?;
        let claim = |name: &str| claims.get(name).map(String::as_str);
        let ours = claim("iss") == Some(audience.issuer.as_str())
            && claim("aud") == Some(audience.client_id.as_str())
            && claim("token_use") == Some("id");
        if !ours {
            return Err(refused());
        }
        let id = claim("sub").and_then(MemberId::parse).ok_or_else(refused)?;
        Ok(Member {
            id,
            email: claim("email")
                .filter(|email| !email.is_empty())
                .map(str::to_owned),
            email_verified: claim("email_verified") == Some("true"),
            providers: providers(claim("identities"), claim("cognito:username")),
            username: claim("cognito:username").map(str::to_owned),
        })
    }
}

/// The providers of a federated Cognito user. The `identities` claim is an array of objects;
/// API Gateway may pass it as JSON or flattened (`[map[providerName:Facebook …]]`), so both are
/// read. Without it, the username's prefix (`Facebook_1234`) names the provider.
fn providers(identities: Option<&str>, username: Option<&str>) -> Vec<String> {
    #[derive(Deserialize)]
    struct Identity {
        #[serde(rename = "providerName")]
        provider_name: String,
    }
    let mut found: Vec<String> = match identities {
        Some(value) => match serde_json::from_str::<Vec<Identity>>(value) {
            Ok(list) => list
                .into_iter()
                .map(|identity| identity.provider_name)
                .collect(),
            Err(_) => value
                .split("providerName:")
                .skip(1)
                .filter_map(|rest| rest.split([' ', ']']).next())
                .map(str::to_owned)
                .collect(),
        },
        None => Vec::new(),
    };
    if found.is_empty() {
        found.extend(
            username
                .and_then(|name| name.split_once('_'))
                .map(|(provider, _)| provider.to_owned()),
        );
    }
    let mut names: Vec<String> = found
        .into_iter()
        .map(|name| name.to_ascii_lowercase())
        .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_are_read_from_every_shape_of_the_identities_claim() {
        let cases: &[(Option<&str>, Option<&str>, &[&str])] = &[
            (
                Some(r#"[{"userId":"1","providerName":"Facebook","providerType":"Facebook"}]"#),
                None,
                &["facebook"],
            ),
            (
                Some("[map[dateCreated:1 providerName:Google providerType:Google userId:2]]"),
                None,
                &["google"],
            ),
            (
                Some("[map[providerName:Google] map[providerName:Facebook]]"),
                None,
                &["facebook", "google"],
            ),
            (None, Some("Facebook_10203"), &["facebook"]),
            (None, Some("plainuser"), &[]),
            (Some("[]"), Some("Google_1"), &["google"]),
        ];
        for (identities, username, expected) in cases {
            assert_eq!(
                providers(*identities, *username),
                *expected,
                "{identities:?} {username:?}"
            );
        }
    }

    #[test]
    fn member_ids_are_printable_subjects_of_bounded_length() {
        assert!(MemberId::parse("7d8e1f0a-1b2c-4d3e-9f80-1234567890ab").is_some());
        assert!(MemberId::parse("local-3f2a").is_some());
        for bad in ["", "a b", "é", "a\nb", &"x".repeat(129)] {
            assert!(MemberId::parse(bad).is_none(), "{bad:?}");
        }
    }
}
