//! The signup form, with everything a frontend needs to render it truthfully.

use super::{ConsentInfo, SignupForm};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::interests;
use crate::domain::signup::FIRST_NAME_MAX;

shared::form_route! {
    /// The signup form: interests with labels, the consent text and version, and a fresh form token.
    get_form, operation_id = "get_signup_form", path = "/v1/community/form",
    tag = "community", body = SignupForm,
    |_state, lang, guard| SignupForm {
        lang,
        interests: interests::labelled(lang),
        consent: ConsentInfo {
            version: CONSENT_VERSION,
            text: consent::text(lang),
        },
        first_name_max: FIRST_NAME_MAX,
        guard,
    }
}
