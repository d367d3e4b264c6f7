//! The story form, with everything a frontend needs to render it truthfully.

use super::StoryForm;
use crate::domain::catalog::{self, options};
use crate::domain::consent::{self, CONSENT_VERSION};
use crate::domain::submission::LIMITS;

shared::form_route! {
    /// The story form: allow-lists with labels, consent texts, limits and a fresh form token.
    get_form, operation_id = "get_story_form", path = "/v1/stories/form",
    tag = "stories", body = StoryForm,
    |_state, lang, guard| StoryForm {
        lang,
        roles: options(catalog::ROLES, lang),
        cancer_types: options(catalog::CANCER_TYPES, lang),
        treatments: options(catalog::TREATMENTS, lang),
        age_ranges: options(catalog::AGE_RANGES, lang),
        consents: consent::texts(lang),
        consent_version: CONSENT_VERSION,
        limits: LIMITS,
        guard,
    }
}
