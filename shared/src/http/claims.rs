//! Who is calling: the JWT claims that API Gateway's JWT authorizer verified and put in the
//! request context. The local server verifies its own development tokens and puts their claims
//! in the same place, so the same code checks groups in both.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;

use crate::http::problem::ApiError;

pub const MODERATORS_GROUP: &str = "moderators";

/// Verified claims of the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub subject: String,
    pub username: Option<String>,
    pub groups: Vec<String>,
}

/// The JWT claims the authorizer verified, as strings (arrays flattened), if any.
pub(crate) fn flattened_claims(parts: &Parts) -> Option<&HashMap<String, String>> {
    let RequestContext::ApiGatewayV2(context) = parts.extensions.request_context_ref()? else {
        return None;
    };
    Some(&context.authorizer.as_ref()?.jwt.as_ref()?.claims)
}

impl Claims {
    fn from_parts(parts: &Parts) -> Option<Self> {
        let claims = flattened_claims(parts)?;
        Some(Self {
            subject: claims.get("sub").filter(|sub| !sub.is_empty())?.clone(),
            username: claims
                .get("cognito:username")
                .or_else(|| claims.get("username"))
                .cloned(),
            groups: claims
                .get("cognito:groups")
                .map(|groups| parse_groups(groups))
                .unwrap_or_default(),
        })
    }
}

/// API Gateway's JWT authorizer flattens a JWT array claim into one string, the names joined
/// by spaces inside brackets: `["readers","moderators"]` arrives as `[readers moderators]`.
/// Cognito group names hold no whitespace, so whitespace is the only separator; a comma belongs
/// to the name (a group called `readers,moderators` is that one group, never two). A JSON array
/// or a single bare name are read too.
fn parse_groups(value: &str) -> Vec<String> {
    if let Ok(list) = serde_json::from_str::<Vec<String>>(value) {
        return list;
    }
    let value = value.trim();
    let inner = value
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(value);
    inner.split_whitespace().map(str::to_owned).collect()
}

/// A caller in the `moderators` group: 401 without verified claims, 403 outside the group.
#[derive(Debug, Clone)]
pub struct Moderator(pub Claims);

impl<S: Send + Sync> FromRequestParts<S> for Moderator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let claims = Claims::from_parts(parts)
            .ok_or_else(|| ApiError::unauthorized("A moderator's bearer token is required."))?;
        if !claims.groups.iter().any(|group| group == MODERATORS_GROUP) {
            return Err(ApiError::forbidden("Only moderators may do this."));
        }
        Ok(Moderator(claims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_claims_are_split_as_api_gateway_flattens_them() {
        let cases: &[(&str, &[&str])] = &[
            ("[moderators editors]", &["moderators", "editors"]),
            ("[moderators]", &["moderators"]),
            ("[ readers   moderators ]", &["readers", "moderators"]),
            ("[readers\tmoderators]", &["readers", "moderators"]),
            (r#"["moderators","editors"]"#, &["moderators", "editors"]),
            ("moderators", &["moderators"]),
            ("[]", &[]),
            ("", &[]),
            // Never on commas: these are single groups with a comma in the name.
            ("[readers,moderators]", &["readers,moderators"]),
            ("readers,moderators", &["readers,moderators"]),
            // Two names, the first ending in a comma: how `["readers,","moderators"]` arrives.
            ("[readers, moderators]", &["readers,", "moderators"]),
            (r#"["readers,moderators"]"#, &["readers,moderators"]),
            // Brackets only frame the whole value.
            ("[[moderators]]", &["[moderators]"]),
        ];
        for (claim, groups) in cases {
            assert_eq!(parse_groups(claim), *groups, "{claim:?}");
        }
    }
}
