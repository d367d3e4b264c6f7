//! URL names of terms ("pretty URL names" in NCI's API): `T cell` → `t-cell`,
//! `célula T` → `celula-t`. They are unique per language; the importer disambiguates duplicates.

use std::fmt;

use super::fold::normalize;

/// The longest slug the importer makes; the route accepts up to `MAX_LEN`.
const IMPORT_MAX_LEN: usize = 80;

/// The slug of a name: its normalized words joined by hyphens, ASCII only.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in normalize(name).chars() {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            ' ' => slug.push('-'),
            other => slug.push_str(transliterate(other)),
        }
    }
    // Transliteration may leave hyphens doubled or at the ends.
    let mut slug = slug
        .split('-')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.len() > IMPORT_MAX_LEN {
        let cut = slug[..IMPORT_MAX_LEN].rfind('-').unwrap_or(IMPORT_MAX_LEN);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("term");
    }
    // An all-digit slug would read as a term id in `/terms/{slug}`.
    if slug.bytes().all(|b| b.is_ascii_digit()) {
        slug.push_str("-term");
    }
    slug
}

/// Greek letters are common in drug and gene names (β-carotene); the rest has no ASCII form.
fn transliterate(c: char) -> &'static str {
    match c {
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'δ' => "delta",
        'ε' => "epsilon",
        'κ' => "kappa",
        'λ' => "lambda",
        'μ' => "mu",
        'π' => "pi",
        'σ' | 'ς' => "sigma",
        'τ' => "tau",
        'ω' => "omega",
        _ => "-",
    }
}

/// What `/v1/glossary/terms/{slug}` names: a slug, or a term id (`44928` or `CDR0000044928`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKey {
    Slug(String),
    Id(u64),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a term's slug (lowercase letters, digits and single hyphens, at most {max} characters) or its numeric id", max = TermKey::MAX_LEN)]
pub struct TermKeyError;

impl TermKey {
    pub const MAX_LEN: usize = 100;
    /// The rule `parse` applies, for the OpenAPI document.
    pub const PATTERN: &'static str = "^([a-z0-9]+(-[a-z0-9]+)*|CDR[0-9]+)$";

    pub fn parse(text: &str) -> Result<Self, TermKeyError> {
        if text.is_empty() || text.len() > Self::MAX_LEN {
            return Err(TermKeyError);
        }
        let digits = text.strip_prefix("CDR").unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Too many digits for an id names no term: a 404, not a malformed request.
            return Ok(TermKey::Id(digits.parse().unwrap_or(u64::MAX)));
        }
        let well_formed = text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if well_formed {
            Ok(TermKey::Slug(text.to_owned()))
        } else {
            Err(TermKeyError)
        }
    }
}

impl fmt::Display for TermKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TermKey::Slug(slug) => f.write_str(slug),
            TermKey::Id(id) => write!(f, "{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ascii_hyphenated_slugs() {
        let cases = [
            ("T cell", "t-cell"),
            ("célula T", "celula-t"),
            ("5-FU", "5-fu"),
            (
                "3’-deoxy-3’-(18F) fluorothymidine",
                "3-deoxy-3-18f-fluorothymidine",
            ),
            ("β-carotene", "beta-carotene"),
            ("[18F]SPA-RQ", "18f-spa-rq"),
            ("Hodgkin's lymphoma", "hodgkins-lymphoma"),
            ("1572", "1572-term"),
            ("¿?", "term"),
            ("ж", "term"),
        ];
        for (name, slug) in cases {
            assert_eq!(slugify(name), slug, "{name}");
            assert!(TermKey::parse(&slugify(name)).is_ok_and(|k| matches!(k, TermKey::Slug(_))));
        }
        let long = slugify(&"word ".repeat(40));
        assert!(long.len() <= 80 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn keys_are_slugs_or_ids() {
        assert_eq!(TermKey::parse("t-cell"), Ok(TermKey::Slug("t-cell".into())));
        assert_eq!(TermKey::parse("44928"), Ok(TermKey::Id(44928)));
        assert_eq!(TermKey::parse("CDR0000044928"), Ok(TermKey::Id(44928)));
        for bad in ["", "T-cell", "t--cell", "-t", "t_cell", "CDR", "CDR-1", "ñ"] {
            assert_eq!(TermKey::parse(bad), Err(TermKeyError), "{bad}");
        }
        assert!(TermKey::parse(&"a".repeat(101)).is_err());
        assert_eq!(
            TermKey::parse("99999999999999999999999"),
            Ok(TermKey::Id(u64::MAX))
        );
    }
}
