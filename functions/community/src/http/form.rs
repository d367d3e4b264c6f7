//! The signup form, with everything a frontend needs to render it truthfully.

use shared::forms::guard::HONEYPOT_FIELD;

use super::{ConsentInfo, SignupForm};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::interests;
use crate::domain::signup::FIRST_NAME_MAX;

shared::form_route! {
    /// The signup form: interests with labels, the consent text and version, and a fresh form token.
    get_form, operation_id = "get_signup_form", path = "/v1/community/form",
    tag = "community", body = SignupForm,
    |state, lang, issued| SignupForm {
        lang,
        interests: interests::labelled(lang),
        consent: ConsentInfo {
            version: CONSENT_VERSION,
            text: consent::text(lang),
        },
        first_name_max: FIRST_NAME_MAX,
        honeypot_field: HONEYPOT_FIELD,
        form_token: issued.token,
        form_token_min_seconds: issued.min_seconds,
        form_token_max_seconds: issued.max_seconds,
        captcha: state.captcha.clone(),
    }
}
