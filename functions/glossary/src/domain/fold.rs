//! Case and accent folding, and the normalized form that every comparison uses.
//!
//! `normalize("Cáncer de mama (CDM)")` is `"cancer de mama cdm"`: lowercase, accents and
//! ligatures folded, apostrophes dropped (so `Hodgkin's` = `hodgkins`), every other run of
//! non-alphanumeric characters reduced to one space. Names, aliases and queries all go through
//! it, so `cancer` = `cáncer` = `CANCER`.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The normalized form of `text`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out, |_, _| {});
    out
}

/// The normalized form with, for every byte of it, the span of the original character it came
/// from, in UTF-16 code units (what JavaScript's `String.slice` counts), for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// Empty when the text is its own normalized form in ASCII: byte i is unit i.
    spans: Vec<(u32, u32)>,
}

impl Mapped {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut spans = Vec::with_capacity(original.len());
        normalize_into(original, &mut text, |bytes, span| {
            spans.extend(std::iter::repeat_n(span, bytes));
        });
        Self { text, spans }
    }

    /// `new(original)` when `normalized` is known to be its normalized form: most names
    /// (`lung cancer`) are already lowercase ASCII, and then nothing moves.
    pub fn with_normalized(original: &str, normalized: &str) -> Self {
        match original == normalized && original.is_ascii() {
            true => Self {
                text: original.to_owned(),
                spans: Vec::new(),
            },
            false => Self::new(original),
        }
    }

    /// The UTF-16 range of the original text that produced normalized bytes `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (u32, u32) {
        if start >= end || end > self.text.len() {
            return (0, 0);
        }
        match self.spans.is_empty() {
            // A space is mapped to the empty span where the word after it starts.
            true => match self.text.as_bytes()[start] {
                b' ' => (start as u32 + 1, end as u32),
                _ => (start as u32, end as u32),
            },
            false => (self.spans[start].0, self.spans[end - 1].1),
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

/// Pushes the folded form of a non-ASCII `c`: lowercase, without accents, ligatures spelled
/// out (`normalize_into` lowercases ASCII itself).
fn fold_char(c: char, out: &mut String) {
    let special = match c {
        'ß' | 'ẞ' => Some("ss"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'đ' | 'Đ' => Some("d"),
        'ı' => Some("i"),
        'þ' | 'Þ' => Some("th"),
        _ => None,
    };
    if let Some(text) = special {
        out.push_str(text);
        return;
    }
    decompose_compatible(c, |part| {
        if !is_combining_mark(part) {
            out.extend(part.to_lowercase());
        }
    });
}

/// The one normalization loop; `on_push(bytes, span)` reports each pushed piece of output.
fn normalize_into(text: &str, out: &mut String, mut on_push: impl FnMut(usize, (u32, u32))) {
    let mut folded = String::with_capacity(8);
    let mut separator = false;
    let mut utf16 = 0u32;
    let mut push = |out: &mut String, separator: &mut bool, f: char, span: (u32, u32)| {
        if *separator && !out.is_empty() {
            out.push(' ');
            on_push(1, (span.0, span.0));
        }
        *separator = false;
        out.push(f);
        on_push(f.len_utf8(), span);
    };
    for c in text.chars() {
        let start = utf16;
        utf16 += c.len_utf16() as u32;
        // Most characters are ASCII: lowercased in place, without the buffer.
        if c.is_ascii() {
            match c.is_ascii_alphanumeric() {
                true => push(out, &mut separator, c.to_ascii_lowercase(), (start, utf16)),
                false => separator |= !is_apostrophe(c),
            }
            continue;
        }
        if is_apostrophe(c) {
            continue;
        }
        folded.clear();
        fold_char(c, &mut folded);
        for f in folded.chars() {
            match f.is_alphanumeric() {
                true => push(out, &mut separator, f, (start, utf16)),
                false => separator = true,
            }
        }
    }
}

/// The A–Z bar's bucket of a normalized name: its first letter, or `#` for a digit or symbol.
pub fn letter_of(normalized: &str) -> char {
    match normalized.chars().next() {
        Some(c) if c.is_ascii_lowercase() => c,
        _ => '#',
    }
}

/// Byte offsets where the words of a normalized string start.
pub fn word_starts(normalized: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0)
        .filter(move |_| !normalized.is_empty())
        .chain(normalized.match_indices(' ').map(|(i, _)| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_punctuation_fold_away() {
        let cases = [
            ("cáncer", "cancer"),
            ("CANCER", "cancer"),
            ("Cáncer de MAMA (CDM)", "cancer de mama cdm"),
            ("  T-cell  ", "t cell"),
            ("Hodgkin's lymphoma", "hodgkins lymphoma"),
            ("Hodgkin’s", "hodgkins"),
            ("niño", "nino"),
            ("Ølé straße", "ole strasse"),
            ("5-FU", "5 fu"),
            (
                "3’-deoxy-3’-(18F) fluorothymidine",
                "3 deoxy 3 18f fluorothymidine",
            ),
            ("β-carotene", "β carotene"),
            ("x²", "x2"),
            ("¡¿!?", ""),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(normalize(text), expected, "{text}");
        }
    }

    #[test]
    fn mapped_spans_point_back_into_the_original_in_utf16() {
        let mapped = Mapped::new("Cáncer de mama");
        assert_eq!(mapped.text, "cancer de mama");
        // "de" is normalized bytes 7..9 and original chars 7..9.
        assert_eq!(mapped.original_range(7, 9), (7, 9));
        assert_eq!(mapped.original_range(0, 6), (0, 6));
        // An astral character counts two UTF-16 units.
        let mapped = Mapped::new("𝛃 cell");
        assert_eq!(
            mapped.original_range(mapped.text.len() - 4, mapped.text.len()),
            (3, 7)
        );
        assert_eq!(mapped.original_range(3, 3), (0, 0));
    }

    #[test]
    fn a_known_normalized_form_maps_as_the_full_mapping_does() {
        for original in [
            "lung cancer",
            "Lung Cancer",
            "5-FU",
            "cáncer de pulmón",
            "t cell",
            "",
        ] {
            let full = Mapped::new(original);
            let known = Mapped::with_normalized(original, &normalize(original));
            assert_eq!(known.text, full.text, "{original:?}");
            for start in 0..=full.text.len() {
                for end in start..=full.text.len() + 1 {
                    assert_eq!(
                        known.original_range(start, end),
                        full.original_range(start, end),
                        "{original:?} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn letters_bucket_digits_and_symbols_under_hash() {
        assert_eq!(letter_of("cancer"), 'c');
        assert_eq!(letter_of("5 fu"), '#');
        assert_eq!(letter_of("β carotene"), '#');
        assert_eq!(letter_of(""), '#');
    }

    #[test]
    fn word_starts_follow_single_spaces() {
        assert_eq!(
            word_starts("small cell lung").collect::<Vec<_>>(),
            [0, 6, 11]
        );
        assert_eq!(word_starts("").count(), 0);
    }
}
