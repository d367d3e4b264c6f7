//! The rules every free-text field of a story follows, whoever writes it (the submitter, or a
//! moderator editing): lengths in characters as people count them, white space tidied, no
//! control characters.

use unicode_segmentation::UnicodeSegmentation;

pub fn grapheme_count(text: &str) -> usize {
    text.graphemes(true).count()
}

pub fn check_length(
    text: &str,
    min: usize,
    max: usize,
    field: &str,
    fail: &mut impl FnMut(&str, String),
) {
    let count = grapheme_count(text);
    if count < min {
        fail(
            field,
            format!("must be at least {min} characters (it has {count})"),
        );
    } else if count > max {
        fail(
            field,
            format!("must be at most {max} characters (it has {count})"),
        );
    }
}

/// One line of text: surrounding space trimmed, inner runs of white space collapsed.
pub fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text: line endings made `\n`, surrounding space trimmed.
pub fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

pub fn has_control_chars(text: &str, allow_newlines: bool) -> bool {
    text.chars()
        .any(|c| c.is_control() && !(allow_newlines && (c == '\n' || c == '\t')))
}
