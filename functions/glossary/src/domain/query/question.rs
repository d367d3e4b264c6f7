//! Natural questions: "what is leukemia", "qué es la leucemia", "leukemia definition". The
//! question words around a name are dropped before the name is looked up, per language.

use shared::http::lang::Lang;

/// Phrases a question starts with (normalized), longest first within a language.
const LEADING_EN: &[&str] = &[
    "what is the meaning of",
    "what is the definition of",
    "what does the term",
    "what is meant by",
    "the meaning of",
    "the definition of",
    "definition of",
    "meaning of",
    "tell me about",
    "information about",
    "what does",
    "what are",
    "what is",
    "whats",
    "what s",
    "define",
    "explain",
];
const LEADING_ES: &[&str] = &[
    "cual es el significado de",
    "que quiere decir",
    "el significado de",
    "significado de",
    "definicion de",
    "que significa",
    "que es",
    "que son",
    "defina",
    "definir",
];
/// Phrases a question ends with.
const TRAILING_EN: &[&str] = &["definition", "meaning", "means", "mean", "defined"];
const TRAILING_ES: &[&str] = &["significado", "definicion", "que es", "que significa"];
/// Articles a leading phrase may be followed by.
const ARTICLES_EN: &[&str] = &["a", "an", "the"];
const ARTICLES_ES: &[&str] = &["el", "la", "los", "las", "un", "una", "lo"];

/// The part of a normalized query that names the term, when it reads as a question about
/// one; `None` when it does not (or nothing would be left).
pub fn subject(query: &str, lang: Lang) -> Option<&str> {
    let (leading, trailing, articles) = match lang {
        Lang::En => (LEADING_EN, TRAILING_EN, ARTICLES_EN),
        Lang::Es => (LEADING_ES, TRAILING_ES, ARTICLES_ES),
    };
    let mut rest = query;
    let mut asked = false;
    if let Some(after) = leading.iter().find_map(|p| strip_words(rest, p, true)) {
        rest = after;
        asked = true;
        if let Some(after) = articles.iter().find_map(|a| strip_words(rest, a, true)) {
            rest = after;
        }
    }
    if let Some(before) = trailing.iter().find_map(|p| strip_words(rest, p, false)) {
        rest = before;
        asked = true;
    }
    (asked && !rest.is_empty()).then_some(rest)
}

/// `text` without the whole words `phrase` at its start (or end), and the space between.
fn strip_words<'a>(text: &'a str, phrase: &str, start: bool) -> Option<&'a str> {
    if start {
        text.strip_prefix(phrase)?.strip_prefix(' ')
    } else {
        text.strip_suffix(phrase)?.strip_suffix(' ')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_are_dropped_in_both_languages() {
        let cases = [
            (Lang::En, "what is leukemia", Some("leukemia")),
            (Lang::En, "what is a t cell", Some("t cell")),
            (Lang::En, "what does metastasis mean", Some("metastasis")),
            (Lang::En, "meaning of stage iv", Some("stage iv")),
            (Lang::En, "biopsy definition", Some("biopsy")),
            (Lang::Es, "que es la leucemia", Some("leucemia")),
            (Lang::Es, "que significa biopsia", Some("biopsia")),
            (
                Lang::Es,
                "definicion de cancer de mama",
                Some("cancer de mama"),
            ),
            (Lang::Es, "linfoma significado", Some("linfoma")),
        ];
        for (lang, query, expected) in cases {
            assert_eq!(subject(query, lang), expected, "{query}");
        }
    }

    #[test]
    fn names_and_bare_question_words_are_left_alone() {
        for (lang, query) in [
            (Lang::En, "leukemia"),
            (Lang::En, "what is"),
            (Lang::En, "whatever"),
            (Lang::En, "mean corpuscular volume"),
            (Lang::Es, "que"),
            (Lang::Es, "quemadura"),
            (Lang::Es, "definicion"),
        ] {
            assert_eq!(subject(query, lang), None, "{query}");
        }
    }
}
