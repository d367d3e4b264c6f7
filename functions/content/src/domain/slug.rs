use std::fmt;

/// A page's URL name: lowercase ASCII letters and digits in hyphen-separated words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to {max} lowercase letters, digits and single hyphens between words", max = Slug::MAX_LEN)]
pub struct SlugError;

impl Slug {
    pub const MAX_LEN: usize = 100;
    /// The same rule as `parse`, for the OpenAPI document.
    pub const PATTERN: &'static str = "^[a-z0-9]+(-[a-z0-9]+)*$";

    pub fn parse(text: &str) -> Result<Self, SlugError> {
        let well_formed = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(SlugError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_parsed_strictly() {
        for good in ["clinical-trials-overview", "a", "faq-2", "2026"] {
            assert!(Slug::parse(good).is_ok(), "{good}");
        }
        let too_long = "a".repeat(Slug::MAX_LEN + 1);
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "Clinical",
            "a_b",
            "a b",
            "ñandú",
            "../etc",
            too_long.as_str(),
        ] {
            assert_eq!(Slug::parse(bad), Err(SlugError), "{bad}");
        }
    }
}
