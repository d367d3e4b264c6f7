//! Content that often means spam, oversharing or an attack is held for a moderator with a flag,
//! never refused: a patient may legitimately mention a clinic's phone number, or write "<3".

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// More links than this in one story is unusual for a personal account.
pub const MAX_LINKS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldFlag {
    ManyLinks,
    ContainsEmail,
    ContainsPhone,
    /// HTML-like tags or script URLs: served as plain text, but a moderator looks first.
    ContainsMarkup,
}

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").expect("valid regex"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}").expect("valid regex")
});
/// Seven or more digits, possibly separated by spaces, dots, dashes or parentheses.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+?\d[\s.\-()]*){7,}").expect("valid regex"));

/// An HTML tag, comment or declaration (`<img …>`, `</p>`, `<!--`), or a `javascript:` URL.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)<\s*/?\s*[a-z!][^<>]*>|<!--|javascript\s*:").expect("valid regex")
});

/// The flags `texts` raise, in a stable order.
pub fn screen(texts: &[&str]) -> Vec<HoldFlag> {
    let links: usize = texts.iter().map(|text| LINK.find_iter(text).count()).sum();
    let mut flags = Vec::new();
    if links > MAX_LINKS {
        flags.push(HoldFlag::ManyLinks);
    }
    if texts.iter().any(|text| EMAIL.is_match(text)) {
        flags.push(HoldFlag::ContainsEmail);
    }
    if texts.iter().any(|text| PHONE.is_match(text)) {
        flags.push(HoldFlag::ContainsPhone);
    }
    if texts.iter().any(|text| MARKUP.is_match(text)) {
        flags.push(HoldFlag::ContainsMarkup);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screening_flags_links_emails_and_phone_numbers() {
        let cases: [(&str, &[HoldFlag]); 13] = [
            (
                "I started nivolumab in 2021 and felt tired for 3 weeks.",
                &[],
            ),
            ("See https://a.example and www.b.example", &[]),
            (
                "https://a.example https://b.example http://c.example",
                &[HoldFlag::ManyLinks],
            ),
            (
                "Write to me at jane.doe@example.org",
                &[HoldFlag::ContainsEmail],
            ),
            ("Call me on (555) 123-4567", &[HoldFlag::ContainsPhone]),
            ("Mi número es +34 612 34 56 78", &[HoldFlag::ContainsPhone]),
            ("My stage 4 diagnosis came on 12/03/2019", &[]),
            ("Dose 240 mg every 2 weeks, 12 cycles", &[]),
            (
                "<img src=x onerror=alert(1)><script>alert(2)</script>",
                &[HoldFlag::ContainsMarkup],
            ),
            (
                "<a href=\"javascript:alert(1)\">me</a>",
                &[HoldFlag::ContainsMarkup],
            ),
            ("javascript:alert(1)", &[HoldFlag::ContainsMarkup]),
            (
                "Thank you all <3 and my PD-L1 was > 50% (TPS<1 before)",
                &[],
            ),
            (
                "Buy now www.a.example www.b.example www.c.example mail@spam.example",
                &[HoldFlag::ManyLinks, HoldFlag::ContainsEmail],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(screen(&[text]), expected, "{text}");
        }
    }
}
