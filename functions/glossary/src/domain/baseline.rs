//! The linear scan the index is measured against, and checked against: the same folding and
//! the same ranking rules, applied to every name and alias of every term on every query, with
//! typos counted by dynamic programming instead of automata.

use super::fold::normalize;
use super::index::IndexSource;
use super::query::{is_plural, singular};
use super::ranking::{classify, sort_key, typo_budget, MatchKind};

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

/// Optimal-string-alignment distance (a transposition is one edit); with `prefix`, the
/// distance to the closest start of `candidate`.
fn distance(query: &str, candidate: &str, prefix: bool) -> usize {
    let a: Vec<char> = query.chars().collect();
    let b: Vec<char> = candidate.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    if prefix {
        d[a.len()].iter().copied().min().unwrap_or(0)
    } else {
        d[a.len()][b.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::index::LangIndex;
    use crate::domain::seedfile::read_seed;
    use shared::http::lang::Lang;

    #[test]
    fn distances_count_transpositions_once() {
        assert_eq!(distance("cnacer", "cancer", false), 1);
        assert_eq!(distance("imunotherapy", "immunotherapy", false), 1);
        assert_eq!(distance("imuno", "immunotherapy", true), 1);
        assert_eq!(distance("chemo", "cancer", true), 4);
    }

    /// The index and the linear scan agree on the top ten for typed prefixes, typos, plurals
    /// and phrases in both languages: the index is a faster way to the same answers.
    #[test]
    fn the_index_answers_as_the_linear_scan_does() {
        let terms = read_seed(&crate::default_seed_file()).unwrap();
        for lang in Lang::ALL {
            let sources: Vec<_> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
            let index = LangIndex::build(lang, sources.clone());
            let scan = LinearScan::new(sources.clone());
            let mut queries: Vec<String> = [
                "c",
                "ca",
                "canc",
                "cancr",
                "imunotherapy",
                "inmuno",
                "t lym",
                "clinical trials",
                "5fu",
                "otherapy",
                "leucemai",
                "cel",
                "medula osea",
                "car t",
                "hodgkins",
                "x",
                "zz",
            ]
            .map(str::to_owned)
            .to_vec();
            for source in sources.iter().step_by(397) {
                let name = normalize(&source.name);
                let chars: Vec<char> = name.chars().collect();
                for len in [3, 6, chars.len()] {
                    queries.push(chars[..len.min(chars.len())].iter().collect());
                }
                if chars.len() > 6 {
                    let mut typo = chars.clone();
                    typo.swap(2, 3);
                    queries.push(typo.iter().collect());
                }
            }
            for query in &queries {
                let from_index: Vec<u64> =
                    index.suggest(query, 10).iter().map(|h| h.term.id).collect();
                assert_eq!(from_index, scan.suggest(query, 10), "{lang} {query:?}");
            }
        }
    }
}
