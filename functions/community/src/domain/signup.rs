//! A signup as sent, validated as a whole so that every wrong field is named at once.

use shared::forms::email::EmailAddress;
use shared::forms::violations::Violations;
use shared::http::lang::Lang;

use super::consent::CONSENT_VERSION;
use super::interests;

/// A first name is still checked when an older frontend sends one, but never kept: no email
/// uses it (greeting a stranger-typed name would let anyone put words into a mail to any
/// address), so keeping it would be data without a purpose.
pub const FIRST_NAME_MAX: usize = 50;

/// A signup as sent, before any rule is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub email: String,
    pub first_name: Option<String>,
    pub interests: Vec<String>,
    pub lang: Lang,
    pub consent: bool,
    /// The version of the consent text shown.
    pub consent_version: String,
    /// The page the form was on: checked when sent, never kept (nothing reads it).
    pub source_page: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSignup {
    pub email: EmailAddress,
    pub interests: Vec<String>,
    pub lang: Lang,
}

pub fn validate(input: &Draft) -> Result<ValidSignup, Violations> {
    let mut errors = Violations::new();
    let mut fail = |field: &str, message: String| errors.add(field, message);
    let email = EmailAddress::parse(&input.email)
        .map_err(|error| fail("email", error.to_string()))
        .ok();
    let first_name = input
        .first_name
        .as_deref()
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|name| !name.is_empty());
    if let Some(name) = &first_name {
        if name.chars().count() > FIRST_NAME_MAX
            || name.chars().any(char::is_control)
            || shared::text::has_hidden_format_chars(name)
        {
            fail(
                "first_name",
                format!(
                    "must be at most {FIRST_NAME_MAX} characters, without control, direction or \
                     zero-width characters"
                ),
            );
        }
    }
    let mut interests = input.interests.clone();
    interests.sort();
    interests.dedup();
    if let Some(unknown) = interests.iter().find(|code| !interests::is_allowed(code)) {
        fail(
            "interests",
            format!(
                "`{unknown}` is not one of: {}",
                interests::codes().join(", ")
            ),
        );
    }
    if !input.consent {
        fail(
            "consent",
            "is required: we only email people who ask us to".to_owned(),
        );
    }
    if input.consent_version != CONSENT_VERSION {
        fail(
            "consent_version",
            format!("the consent text has changed (now version {CONSENT_VERSION}); please reload the form"),
        );
    }
    let source_page = input.source_page.clone().filter(|page| !page.is_empty());
    if source_page
        .as_ref()
        .is_some_and(|page| page.len() > 200 || !page.starts_with('/'))
    {
        fail(
            "source_page",
            "must be a path on the site, such as /community/join".to_owned(),
        );
    }
    match (errors.is_empty(), email) {
        (true, Some(email)) => Ok(ValidSignup {
            email,
            interests,
            lang: input.lang,
        }),
        _ => Err(errors),
    }
}
