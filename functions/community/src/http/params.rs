//! What the community routes take from the query and the body.

use serde::Deserialize;
use shared::http::lang::Lang;
use utoipa::{IntoParams, ToSchema};

use crate::domain::signup::Draft;

/// `POST /v1/community/signups` as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupInput {
    /// The address to subscribe; internationalized domains are accepted.
    #[schema(example = "ana@example.org", max_length = 254)]
    pub email: String,
    /// Deprecated: checked (at most 50 characters, no control characters) but never stored;
    /// no email uses it. Leave it out.
    #[serde(default)]
    #[schema(max_length = 50, deprecated)]
    pub first_name: Option<String>,
    /// Codes from the form's `interests`.
    #[serde(default)]
    pub interests: Vec<String>,
    pub lang: Lang,
    /// Must be true: consent to receive community email.
    pub consent: bool,
    /// The version of the consent text shown (from the form).
    pub consent_version: String,
    /// The token from `GET /v1/community/form`, good for one accepted signup: load the form
    /// again for another (a reuse is a 400 naming `form_token`).
    pub form_token: String,
    /// The CAPTCHA widget's token, where a CAPTCHA is configured.
    #[serde(default)]
    pub captcha_token: Option<String>,
    /// Deprecated: the frontend page the form was on. Checked (a path on the site, at most 200
    /// characters) but never stored: nothing reads it. Leave it out.
    #[serde(default)]
    #[schema(max_length = 200, deprecated)]
    pub source_page: Option<String>,
    /// Must be absent or empty.
    #[serde(default)]
    pub website: Option<String>,
}

impl SignupInput {
    /// The signup part of the body, for the domain's rules.
    pub fn draft(&self) -> Draft {
        Draft {
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            interests: self.interests.clone(),
            lang: self.lang,
            consent: self.consent,
            consent_version: self.consent_version.clone(),
            source_page: self.source_page.clone(),
        }
    }
}

shared::guarded_fields!(SignupInput);

/// The token of a confirmation link: the signup itself, sealed (encrypted and authenticated),
/// so that no address is stored until it is confirmed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationInput {
    #[schema(max_length = 1024)]
    pub token: String,
}

/// A token from an email link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    #[schema(min_length = 86, max_length = 86)]
    pub token: String,
}

/// The body mail clients send for one-click unsubscribe (RFC 8058). It is accepted whatever it
/// holds: the token in the URL is what counts. Here to document the request.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct OneClickUnsubscribe {
    /// `One-Click`.
    #[schema(rename = "List-Unsubscribe", example = "One-Click")]
    pub list_unsubscribe: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TokenQuery {
    /// The token from the `List-Unsubscribe` URL; or send `{"token": …}` as JSON.
    pub token: Option<String>,
}
