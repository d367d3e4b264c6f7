//! How the benchmark misspells: a fixed random source, keyboard typos (deletions, insertions
//! and substitutions of a neighbouring key, swaps) and case and accent changes.

use std::collections::HashMap;

use glossary::domain::fold::normalize;
use shared::http::lang::Lang;

/// splitmix64: small, and fixed here so that no library update changes the queries.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// QWERTY neighbours of each letter (the keys around it).
fn neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qeas",
        'e' => "wrsd",
        'r' => "etdf",
        't' => "ryfg",
        'y' => "tugh",
        'u' => "yihj",
        'i' => "uojk",
        'o' => "ipkl",
        'p' => "ol",
        'a' => "qwsz",
        's' => "awedxz",
        'd' => "serfcx",
        'f' => "drtgvc",
        'g' => "ftyhbv",
        'h' => "gyujnb",
        'j' => "huikmn",
        'k' => "jiolm",
        'l' => "kop",
        'z' => "asx",
        'x' => "zsdc",
        'c' => "xdfv",
        'v' => "cfgb",
        'b' => "vghn",
        'n' => "bhjm",
        'm' => "njk",
        _ => "",
    }
}

/// One random keyboard typo inside the word at char range `word` of `text`: a deletion, an
/// insertion of a neighbouring key, a substitution with a neighbouring key, or a swap of two
/// adjacent letters. Returns false when the word offers no place for the chosen kind.
fn typo(text: &mut Vec<char>, word: std::ops::Range<usize>, rng: &mut Rng) -> bool {
    let letters: Vec<usize> = word
        .clone()
        .filter(|&i| text[i].is_ascii_lowercase())
        .collect();
    if letters.is_empty() {
        return false;
    }
    let at = letters[rng.below(letters.len())];
    let near = neighbours(text[at]).as_bytes();
    match rng.below(4) {
        0 => {
            text.remove(at);
        }
        1 => {
            let key = near[rng.below(near.len())] as char;
            text.insert(at + rng.below(2), key);
        }
        2 => text[at] = near[rng.below(near.len())] as char,
        _ => {
            if at + 1 >= word.end || text[at + 1] == text[at] || !text[at + 1].is_alphabetic() {
                return false;
            }
            text.swap(at, at + 1);
        }
    }
    true
}

/// Char ranges of the words of `text` (split on spaces).
fn words(text: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in text.iter().chain(std::iter::once(&' ')).enumerate() {
        if c == ' ' {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    out
}

/// `n` typos in words of five letters or more (a word takes two only from nine letters: every
/// engine's budget for short words is smaller, and a person's too).
pub fn with_typos(name: &str, n: usize, rng: &mut Rng) -> Option<String> {
    let mut text: Vec<char> = name.chars().collect();
    let mut hits: HashMap<usize, usize> = HashMap::new();
    for _ in 0..n {
        let mut done = false;
        for _attempt in 0..10 {
            let spans = words(&text);
            let eligible: Vec<usize> = (0..spans.len())
                .filter(|&w| {
                    let len = spans[w].len();
                    let had = hits.get(&w).copied().unwrap_or(0);
                    len >= 5 && (had == 0 || len >= 9)
                })
                .collect();
            if eligible.is_empty() {
                return None;
            }
            let w = eligible[rng.below(eligible.len())];
            let before = text.len();
            if typo(&mut text, spans[w].clone(), rng) {
                // A deletion or an insertion must not merge or split words.
                if words(&text).len() == spans.len() && text.len().abs_diff(before) <= 1 {
                    *hits.entry(w).or_default() += 1;
                    done = true;
                    break;
                }
                return None;
            }
        }
        if !done {
            return None;
        }
    }
    let out: String = text.into_iter().collect();
    (out != name).then_some(out)
}

/// Case and accent changes: every letter's case flipped at random; in Spanish accents dropped
/// (as most people type), in English an accent added here and there.
pub fn mangle(name: &str, lang: Lang, rng: &mut Rng) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let folded: String = if lang == Lang::Es || rng.chance(0.5) {
            normalize(&c.to_string())
        } else {
            c.to_string()
        };
        let c = match folded.chars().next() {
            Some(f) if folded.chars().count() == 1 && f.is_alphabetic() => f,
            _ => c,
        };
        let c = match (lang, c) {
            (Lang::En, 'e') if rng.chance(0.2) => 'é',
            (Lang::En, 'a') if rng.chance(0.2) => 'á',
            _ => c,
        };
        if rng.chance(0.4) {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}
