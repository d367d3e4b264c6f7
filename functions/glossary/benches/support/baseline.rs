//! The linear scan the index is measured against, and checked against: the same folding and
//! the same ranking rules, applied to every name and alias of every term on every query, with
//! typos counted by dynamic programming instead of automata.

use glossary::domain::fold::normalize;
use glossary::domain::ranking::{classify, sort_key, typo_budget, MatchKind};
pub use glossary::domain::table_distance as distance;
use glossary::domain::{is_plural, singular, IndexSource};

struct Scanned {
    source: IndexSource,
    norm: String,
    /// The normalized name, then the aliases.
    fields: Vec<String>,
}

pub struct LinearScan {
    terms: Vec<Scanned>,
}

impl LinearScan {
    /// Keeps the terms with their names and aliases folded once, as the index does.
    pub fn new(sources: Vec<IndexSource>) -> Self {
        let terms = sources
            .into_iter()
            .map(|source| {
                let norm = normalize(&source.name);
                let fields = std::iter::once(norm.clone())
                    .chain(
                        source
                            .aliases
                            .iter()
                            .map(|a| normalize(a))
                            .filter(|a| !a.is_empty()),
                    )
                    .collect();
                Scanned {
                    source,
                    norm,
                    fields,
                }
            })
            .collect();
        Self { terms }
    }

    /// The ids of the best `limit` terms for `query`, best first, by the ranking rules.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<u64> {
        let query = normalize(query);
        if query.is_empty() {
            return Vec::new();
        }
        let singular = singular(&query);
        let words: Vec<&str> = query.split(' ').collect();
        let fuzzy = !(words.len() == 1 && typo_budget(words[0].chars().count()) == 0);
        let mut found: Vec<(Vec<u8>, u64)> = Vec::new();
        for term in &self.terms {
            let mut best: Option<Vec<u8>> = None;
            let mut consider = |key: Vec<u8>| {
                if best.as_ref().is_none_or(|b| key < *b) {
                    best = Some(key);
                }
            };
            for (slot, field) in term.fields.iter().enumerate() {
                let alias = slot > 0;
                let key = |kind, typos| sort_key(kind, typos, alias, &term.norm, term.source.id);
                if let Some((kind, _)) = classify(field, &query, alias) {
                    consider(key(kind, 0));
                }
                if let Some(singular) = &singular {
                    match classify(field, singular, alias) {
                        Some((kind, _)) if kind < MatchKind::Substring => consider(key(kind, 0)),
                        _ => {}
                    }
                }
                if !query.contains(' ') && field.contains(' ') && field.replace(' ', "") == query {
                    let kind = if alias {
                        MatchKind::ExactAlias
                    } else {
                        MatchKind::ExactName
                    };
                    consider(key(kind, 0));
                }
                if fuzzy {
                    if let Some(typos) = fuzzy_typos(field, &words) {
                        consider(key(MatchKind::Fuzzy, typos));
                    }
                }
            }
            if let Some(key) = best {
                found.push((key, term.source.id));
            }
        }
        found.sort_unstable();
        found.into_iter().take(limit).map(|(_, id)| id).collect()
    }
}

/// Total typos when every query word is within its allowance of some word of `field` (the last
/// query word may match the start of a word), plural query words also tried singular.
fn fuzzy_typos(field: &str, words: &[&str]) -> Option<u8> {
    let field_words: Vec<&str> = field.split(' ').collect();
    let mut total = 0u8;
    for (n, word) in words.iter().enumerate() {
        let last = n + 1 == words.len();
        let mut variants = vec![*word];
        if word.chars().count() >= 5 && is_plural(word) {
            variants.push(&word[..word.len() - 1]);
        }
        let best = variants
            .iter()
            .flat_map(|variant| {
                let budget = typo_budget(variant.chars().count());
                field_words
                    .iter()
                    .map(move |candidate| distance(variant, candidate, last))
                    .filter(move |d| *d <= usize::from(budget))
            })
            .min()?;
        total += best as u8;
    }
    Some(total)
}
