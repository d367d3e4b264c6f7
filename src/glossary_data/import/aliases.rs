//! Other names of a term, from the sentence NCI ends many definitions with:
//! "Also called T lymphocyte and thymocyte." / "También se llama linfocito T y timocito."

use std::collections::HashSet;

use shared::http::lang::Lang;

use glossary::domain::fold::normalize;

fn lead_in(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &["Also called "],
        Lang::Es => &["También se llaman ", "También se llama "],
    }
}

fn conjunction(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[" and ", " or "],
        Lang::Es => &[" y ", " e ", " o "],
    }
}

/// The aliases a definition's text names, in order. `known_names` (normalized) keeps a name that
/// itself contains "and"/"y" whole, such as "head and neck cancer".
pub fn parse_aliases(text: &str, lang: Lang, known_names: &HashSet<String>) -> Vec<String> {
    // The alias sentence is always the definition's last one; some names contain ". ".
    let Some(list) = lead_in(lang)
        .iter()
        .filter_map(|lead| text.rfind(lead).map(|at| &text[at + lead.len()..]))
        .min_by_key(|rest| rest.len())
    else {
        return Vec::new();
    };
    let list = list.trim().trim_end_matches('.').trim();
    // ", " separates; a bare comma is part of a name (`CP-358,774`).
    let mut pieces: Vec<&str> = list.split(", ").map(str::trim).collect();
    let listed = pieces.len() > 1;
    // "A, B, and C" leaves "and C" last; "A and B" is one piece to split at a conjunction.
    if let Some(last) = pieces.pop() {
        let last = conjunction(lang)
            .iter()
            .find_map(|c| last.strip_prefix(c.trim_start()))
            .unwrap_or(last)
            .trim();
        match split_pair(last, lang, listed, known_names) {
            Some((left, right)) => {
                pieces.push(left);
                pieces.push(right);
            }
            None => pieces.push(last),
        }
    }
    pieces
        .into_iter()
        .filter(|alias| !alias.is_empty() && alias.chars().count() <= 150)
        .map(str::to_owned)
        .collect()
}

/// Where "X and Y" splits into two names, if it does. A known name is never split, and a split
/// that leaves a known name on either side is preferred. Otherwise the last conjunction splits a
/// list ("A, B and C"), and the first one a pair, since a long name's own "and" tends to come
/// late ("PEG-rhMGDF and … growth and development factor").
fn split_pair<'a>(
    text: &'a str,
    lang: Lang,
    listed: bool,
    known_names: &HashSet<String>,
) -> Option<(&'a str, &'a str)> {
    if known_names.contains(&normalize(text)) {
        return None;
    }
    let mut splits: Vec<(&str, &str)> = conjunction(lang)
        .iter()
        .flat_map(|c| {
            text.match_indices(c)
                .map(move |(at, _)| (text[..at].trim(), text[at + c.len()..].trim()))
        })
        .collect();
    splits.sort_by_key(|(left, _)| left.len());
    let known = |name: &str| known_names.contains(&normalize(name));
    splits
        .iter()
        .find(|(left, right)| known(left) || known(right))
        .or(if listed {
            splits.last()
        } else {
            splits.first()
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, lang: Lang) -> Vec<String> {
        let known = HashSet::from([
            "head and neck cancer".to_owned(),
            "dilation and curettage".to_owned(),
        ]);
        parse_aliases(text, lang, &known)
    }

    #[test]
    fn english_lists_are_split() {
        assert_eq!(
            parse(
                "A type of white blood cell.   Also called T lymphocyte and thymocyte.",
                Lang::En
            ),
            ["T lymphocyte", "thymocyte"]
        );
        assert_eq!(
            parse("Text. Also called MEN2B, MEN2B syndrome,  and multiple endocrine adenomatosis type 2B.", Lang::En),
            ["MEN2B", "MEN2B syndrome", "multiple endocrine adenomatosis type 2B"]
        );
        assert_eq!(parse("Text. Also called urea.", Lang::En), ["urea"]);
        assert_eq!(
            parse("Text. Also called H. pylori.", Lang::En),
            ["H. pylori"]
        );
        assert_eq!(
            parse("Text. Also called head and neck cancer.", Lang::En),
            ["head and neck cancer"]
        );
        assert!(parse("No aliases here.", Lang::En).is_empty());
        assert_eq!(
            parse(
                "Text. Also called dilatation and curettage and dilation and curettage.",
                Lang::En
            ),
            ["dilatation and curettage", "dilation and curettage"]
        );
        assert_eq!(
            parse("Text. Also called PEG-rhMGDF and polyethylene glycosylated growth and development factor.", Lang::En),
            ["PEG-rhMGDF", "polyethylene glycosylated growth and development factor"]
        );
        assert_eq!(
            parse(
                "Text. Also called CP-358,774, erlotinib, and OSI-774.",
                Lang::En
            ),
            ["CP-358,774", "erlotinib", "OSI-774"]
        );
    }

    #[test]
    fn spanish_lists_are_split() {
        assert_eq!(
            parse(
                "Tipo de glóbulo blanco. También se llama linfocito T y timocito.",
                Lang::Es
            ),
            ["linfocito T", "timocito"]
        );
        assert_eq!(
            parse(
                "Texto. También se llama Depo-Cyt y liposoma de citarabina.",
                Lang::Es
            ),
            ["Depo-Cyt", "liposoma de citarabina"]
        );
        assert_eq!(
            parse("Texto. También se llaman A, B y C.", Lang::Es),
            ["A", "B", "C"]
        );
    }
}
