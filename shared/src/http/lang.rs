//! The languages the site is written in, and choosing one for a request.

use axum::http::{header, HeaderMap};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::problem::{ApiError, FieldLocation};

/// A language the site publishes in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];
    pub const DEFAULT: Lang = Lang::En;
    pub const CODES: [&'static str; 2] = ["en", "es"];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// Parses an exact language code as used in `?lang=`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// Matches a BCP 47 tag (`es-MX`, `EN`) by its primary subtag, as `Accept-Language` allows.
    fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::from_code(&primary)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// `?lang=` wins; else the best supported `Accept-Language` entry; else English.
pub fn negotiate(query_lang: Option<&str>, headers: &HeaderMap) -> Result<Lang, ApiError> {
    if let Some(code) = query_lang {
        return Lang::from_code(code).ok_or_else(|| {
            ApiError::unsupported_value(FieldLocation::Query, "lang", code, &Lang::CODES)
        });
    }
    let accepted = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    Ok(from_accept_language(&accepted).unwrap_or(Lang::DEFAULT))
}

/// The supported language with the highest q-value; ties go to the earlier entry.
fn from_accept_language(value: &str) -> Option<Lang> {
    let mut candidates: Vec<(u16, Lang)> = value
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = parts.next()?.trim();
            let quality = parts
                .find_map(|param| param.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality)?;
            let lang = if tag == "*" {
                Lang::DEFAULT
            } else {
                Lang::from_tag(tag)?
            };
            (quality > 0).then_some((quality, lang))
        })
        .collect();
    // A stable sort keeps the client's order among equal weights.
    candidates.sort_by_key(|(quality, _)| std::cmp::Reverse(*quality));
    candidates.first().map(|(_, lang)| *lang)
}

/// RFC 9110 qvalues in thousandths; a malformed one drops its entry.
fn parse_quality(text: &str) -> Option<u16> {
    let value: f32 = text.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

/// The `lang` query parameter every route that answers in a language takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangParam {
    /// `en` or `es`. Without it, `Accept-Language` decides, else English.
    #[param(value_type = Option<Lang>)]
    pub lang: Option<String>,
}

impl LangParam {
    /// The language to answer in: this parameter, else `Accept-Language`, else English.
    pub fn negotiate(&self, headers: &HeaderMap) -> Result<Lang, ApiError> {
        negotiate(self.lang.as_deref(), headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn accept_language_is_negotiated_with_q_values() {
        let cases = [
            ("es", Lang::Es),
            ("es-MX,es;q=0.9,en;q=0.8", Lang::Es),
            ("en-US,en;q=0.9,es;q=0.8", Lang::En),
            ("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", Lang::Es),
            ("en;q=0.2, es;q=0.7", Lang::Es),
            ("es;q=0, en", Lang::En),
            ("fr, de", Lang::En),
            ("*", Lang::En),
            ("ES-us", Lang::Es),
            ("es;q=abc, en;q=0.1", Lang::En),
            ("", Lang::En),
            (";;;,,,", Lang::En),
        ];
        for (accept, expected) in cases {
            assert_eq!(
                negotiate(None, &with_accept(accept)).unwrap(),
                expected,
                "Accept-Language: {accept}"
            );
        }
    }

    #[test]
    fn query_parameter_wins_over_the_header() {
        assert_eq!(negotiate(Some("en"), &with_accept("es")).unwrap(), Lang::En);
        assert_eq!(negotiate(Some("es"), &HeaderMap::new()).unwrap(), Lang::Es);
    }

    #[test]
    fn unsupported_query_language_lists_the_supported_ones() {
        for code in ["fr", "", "EN", "es-MX"] {
            let error = negotiate(Some(code), &HeaderMap::new()).unwrap_err();
            assert_eq!(error.problem().status, 400, "{code}");
            assert_eq!(error.problem().supported, vec!["en", "es"]);
            assert_eq!(error.problem().errors[0].field, "lang");
        }
    }
}
