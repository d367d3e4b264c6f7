//! Checks the free-text inputs of every function share.

/// Characters that change how a line reads without being seen: bidirectional embeddings,
/// overrides, isolates and marks (a name shown reversed, "txt.exe" as "exe.txt"), and zero-width
/// spaces and joiners that hide words from screening. The zero-width *joiner* (U+200D) stays:
/// emoji sequences need it.
pub fn has_hidden_format_chars(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{061C}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}')
    })
}
