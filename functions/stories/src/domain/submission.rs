//! A submitted story: parsed and validated as a whole, so that every wrong field is named at once.

use chrono::{DateTime, Utc};
use shared::forms::email::EmailAddress;
use shared::forms::violations::Violations;
use shared::http::lang::Lang;

use super::catalog::{self, Choice};
use super::consent::{ConsentPurpose, ConsentRecord, CONSENT_VERSION};
use super::story::Profile;
use super::text_rules::{check_length, clean_line, clean_text, has_control_chars};
pub(crate) use shared::text::has_hidden_format_chars;

/// Lengths in characters as a person sees them (extended grapheme clusters).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Limits {
    pub title_min: usize,
    pub title_max: usize,
    pub body_min: usize,
    pub body_max: usize,
    pub display_name_max: usize,
}

pub const LIMITS: Limits = Limits {
    title_min: 3,
    title_max: 120,
    body_min: 100,
    body_max: 10_000,
    display_name_max: 50,
};

/// A submission as sent, before any rule is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub body: String,
    pub display_name: Option<String>,
    pub role: String,
    pub cancer_type: String,
    pub treatment: String,
    pub age_range: Option<String>,
    pub lang: Lang,
    pub contact_email: Option<String>,
    pub consents: Consents,
    /// The version of the consent texts shown.
    pub consent_version: String,
}

/// The consents ticked on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consents {
    pub publish_health_information: bool,
    pub patient_permission: bool,
    pub contact: bool,
}

/// A submission that passed every field rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSubmission {
    pub lang: Lang,
    pub title: String,
    pub body: String,
    pub profile: Profile,
    pub consents: Vec<ConsentRecord>,
}

/// Checks every field; the errors name each one that is wrong.
pub fn validate(input: &Draft, now: DateTime<Utc>) -> Result<ValidSubmission, Violations> {
    let mut errors = Violations::new();
    let mut fail = |field: &str, message: String| errors.add(field, message);

    let title = clean_line(&input.title);
    check_length(
        &title,
        LIMITS.title_min,
        LIMITS.title_max,
        "title",
        &mut fail,
    );
    if has_control_chars(&title, false) {
        fail("title", "must not contain control characters".to_owned());
    }
    if has_hidden_format_chars(&title) {
        fail("title", HIDDEN_FORMAT_CHARS.to_owned());
    }
    let body = clean_text(&input.body);
    check_length(&body, LIMITS.body_min, LIMITS.body_max, "body", &mut fail);
    if has_control_chars(&body, true) {
        fail("body", "must not contain control characters".to_owned());
    }
    let display_name = input
        .display_name
        .as_deref()
        .map(clean_line)
        .filter(|name| !name.is_empty());
    if let Some(name) = &display_name {
        check_length(name, 1, LIMITS.display_name_max, "display_name", &mut fail);
        if has_control_chars(name, false) {
            fail(
                "display_name",
                "must not contain control characters".to_owned(),
            );
        }
        if has_hidden_format_chars(name) {
            fail("display_name", HIDDEN_FORMAT_CHARS.to_owned());
        }
    }
    check_choice(catalog::ROLES, &input.role, "role", &mut fail);
    check_choice(
        catalog::CANCER_TYPES,
        &input.cancer_type,
        "cancer_type",
        &mut fail,
    );
    check_choice(
        catalog::TREATMENTS,
        &input.treatment,
        "treatment",
        &mut fail,
    );
    let age_range = input.age_range.clone().filter(|age| !age.is_empty());
    if let Some(age) = &age_range {
        check_choice(catalog::AGE_RANGES, age, "age_range", &mut fail);
    }
    if !input.consents.publish_health_information {
        fail(
            "consents.publish_health_information",
            "is required: a story is only published with this consent".to_owned(),
        );
    }
    if !input.consents.patient_permission {
        fail(
            "consents.patient_permission",
            "is required: only the patient, or someone with their permission, may share their story".to_owned(),
        );
    }
    if input.consent_version != CONSENT_VERSION {
        fail(
            "consent_version",
            format!("the consent texts have changed (now version {CONSENT_VERSION}); please reload the form"),
        );
    }
    let email = input
        .contact_email
        .as_deref()
        .map(str::trim)
        .filter(|email| !email.is_empty());
    let contact_email = match (email, input.consents.contact) {
        (Some(email), true) => match EmailAddress::parse(email) {
            Ok(address) => Some(address.as_str().to_owned()),
            Err(error) => {
                fail("contact_email", error.to_string());
                None
            }
        },
        (Some(_), false) => {
            fail(
                "contact_email",
                "is only kept with consent to be contacted (`consents.contact`)".to_owned(),
            );
            None
        }
        (None, true) => {
            fail(
                "contact_email",
                "is required with consent to be contacted".to_owned(),
            );
            None
        }
        (None, false) => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let consents = ConsentPurpose::ALL
        .iter()
        .map(|purpose| ConsentRecord {
            purpose: *purpose,
            granted: match purpose {
                ConsentPurpose::PublishHealthInformation => {
                    input.consents.publish_health_information
                }
                ConsentPurpose::PatientPermission => input.consents.patient_permission,
                ConsentPurpose::Contact => input.consents.contact,
            },
            text_version: CONSENT_VERSION.to_owned(),
            text_lang: input.lang,
            text_sha256: purpose.text_sha256(input.lang),
            recorded_at: now,
        })
        .collect();
    Ok(ValidSubmission {
        lang: input.lang,
        title,
        body,
        profile: Profile {
            role: input.role.clone(),
            cancer_type: input.cancer_type.clone(),
            treatment: input.treatment.clone(),
            age_range,
            display_name,
            contact_email,
        },
        consents,
    })
}

fn check_choice(list: &[Choice], value: &str, field: &str, fail: &mut impl FnMut(&str, String)) {
    if !catalog::is_allowed(list, value) {
        fail(
            field,
            format!("must be one of: {}", catalog::codes(list).join(", ")),
        );
    }
}

const HIDDEN_FORMAT_CHARS: &str =
    "must not contain invisible direction or zero-width characters (such as U+202E or U+200B)";

pub mod fixtures {
    //! A valid submission, for tests.
    use super::*;

    pub fn valid_input() -> Draft {
        Draft {
            title: "Two years on nivolumab".to_owned(),
            body: "When I was diagnosed with melanoma my doctor suggested a clinical trial. \
                   The first months were hard, with fatigue and a rash, but the scans kept improving."
                .to_owned(),
            display_name: Some("Ana R.".to_owned()),
            role: "patient".to_owned(),
            cancer_type: "melanoma".to_owned(),
            treatment: "checkpoint_inhibitor".to_owned(),
            age_range: Some("50_59".to_owned()),
            lang: Lang::En,
            contact_email: None,
            consents: Consents {
                publish_health_information: true,
                patient_permission: true,
                contact: false,
            },
            consent_version: CONSENT_VERSION.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::valid_input;
    use super::*;

    fn submitted_at() -> DateTime<Utc> {
        "2026-11-27T15:00:00Z".parse().unwrap()
    }

    fn fields(input: Draft) -> Vec<String> {
        match validate(&input, submitted_at()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.fields().into_iter().map(str::to_owned).collect(),
        }
    }

    #[test]
    fn a_valid_submission_is_accepted_and_consents_recorded() {
        let valid = validate(&valid_input(), submitted_at()).unwrap();
        assert_eq!(valid.title, "Two years on nivolumab");
        assert_eq!(valid.consents.len(), 3);
        assert!(valid
            .consents
            .iter()
            .all(|consent| consent.text_version == CONSENT_VERSION));
        assert!(!valid.consents[2].granted, "contact was not consented to");
    }

    #[test]
    fn each_rule_names_its_field() {
        type Edit = fn(&mut Draft);
        let cases: [(&str, Edit, &[&str]); 19] = [
            ("short title", |i| i.title = "Hi".into(), &["title"]),
            ("long title", |i| i.title = "t".repeat(121), &["title"]),
            ("short body", |i| i.body = "Too short.".into(), &["body"]),
            ("long body", |i| i.body = "b".repeat(10_001), &["body"]),
            (
                "control char",
                |i| i.title = "Bad\u{0007}title".into(),
                &["title"],
            ),
            (
                "right-to-left override in a name",
                |i| i.display_name = Some("Ana\u{202E}gnp.exe".into()),
                &["display_name"],
            ),
            (
                "zero-width space in a title",
                |i| i.title = "Free\u{200B}money now".into(),
                &["title"],
            ),
            (
                "isolate in a title",
                |i| i.title = "My \u{2067}story\u{2069} here".into(),
                &["title"],
            ),
            (
                "long pseudonym",
                |i| i.display_name = Some("n".repeat(51)),
                &["display_name"],
            ),
            ("unknown role", |i| i.role = "doctor".into(), &["role"]),
            (
                "unknown cancer",
                |i| i.cancer_type = "flu".into(),
                &["cancer_type"],
            ),
            (
                "unknown treatment",
                |i| i.treatment = "chemo".into(),
                &["treatment"],
            ),
            (
                "unknown age",
                |i| i.age_range = Some("5_10".into()),
                &["age_range"],
            ),
            (
                "no publish consent",
                |i| i.consents.publish_health_information = false,
                &["consents.publish_health_information"],
            ),
            (
                "no permission",
                |i| i.consents.patient_permission = false,
                &["consents.patient_permission"],
            ),
            (
                "old consent text",
                |i| i.consent_version = "2020-01-01".into(),
                &["consent_version"],
            ),
            (
                "email without consent",
                |i| i.contact_email = Some("a@b.org".into()),
                &["contact_email"],
            ),
            (
                "consent without email",
                |i| i.consents.contact = true,
                &["contact_email"],
            ),
            (
                "several at once",
                |i| {
                    i.role = "x".into();
                    i.title = "".into()
                },
                &["title", "role"],
            ),
        ];
        for (name, edit, expected) in cases {
            let mut input = valid_input();
            edit(&mut input);
            assert_eq!(fields(input), expected, "{name}");
        }
    }

    #[test]
    fn lengths_count_characters_as_people_see_them() {
        let mut input = valid_input();
        // 120 family emoji: 120 characters to a person, 600+ code points.
        input.title = "👨‍👩‍👧".repeat(120);
        assert!(fields(input.clone()).is_empty());
        input.title.push('👍');
        assert_eq!(fields(input), ["title"]);
    }

    #[test]
    fn a_bad_email_is_named_and_a_good_one_kept_when_consented() {
        let mut input = valid_input();
        input.consents.contact = true;
        input.contact_email = Some("not-an-email".into());
        assert_eq!(fields(input.clone()), ["contact_email"]);
        input.contact_email = Some("Ana@Example.org".into());
        let valid = validate(&input, submitted_at()).unwrap();
        assert_eq!(
            valid.profile.contact_email.as_deref(),
            Some("ana@example.org")
        );
    }
}
