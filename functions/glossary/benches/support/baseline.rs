//! The linear scan the index is measured against, and checked against: the same folding and
//! the same ranking rules, applied to every name and alias of every term on every query, with
//! typos counted by dynamic programming instead of automata.

use glossary::domain::fold::normalize;
use std::collections::{HashMap, HashSet};

use glossary::domain::ranking::{classify, rank_byte, sort_key, typo_budget, MatchKind};
pub use glossary::domain::table_distance as distance;
use glossary::domain::{
    is_plural, question_subject, singular, stop_words, IndexSource, RELAX_BELOW,
    SUGGEST_RELAX_BELOW,
};
use shared::http::lang::Lang;

struct Scanned {
    source: IndexSource,
    norm: String,
    /// The normalized name, then the aliases.
    fields: Vec<String>,
    /// How many other definitions mention it (the index's popularity prior, recounted here).
    refs: u32,
}

pub struct LinearScan {
    lang: Lang,
    terms: Vec<Scanned>,
    /// Every normalized name and alias (a query that is one is not read as a question).
    texts: HashSet<String>,
}

impl LinearScan {
    /// Keeps the terms with their names and aliases folded once, as the index does.
    pub fn new(lang: Lang, sources: Vec<IndexSource>) -> Self {
        let terms: Vec<Scanned> = sources
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
                    refs: 0,
                }
            })
            .collect();
        let mut terms = terms;
        for (at, refs) in mentions(&terms).into_iter().enumerate() {
            terms[at].refs = refs;
        }
        let texts = terms
            .iter()
            .flat_map(|t| t.fields.iter().cloned())
            .collect();
        Self { lang, terms, texts }
    }

    /// The ids of the best `limit` suggestions for `query`, best first, by the ranking rules.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<u64> {
        self.ranked(query, limit, SUGGEST_RELAX_BELOW)
    }

    /// The ids of the first `limit` search results for `query` (checked by tests/baseline.rs;
    /// the benchmark times suggestions).
    #[allow(dead_code)]
    pub fn search(&self, query: &str, limit: usize) -> Vec<u64> {
        self.ranked(query, limit, RELAX_BELOW)
    }

    /// The best `limit`, the relaxed stage run below `relax_below` strict matches.
    fn ranked(&self, query: &str, limit: usize, relax_below: usize) -> Vec<u64> {
        let mut query = normalize(query);
        if query.is_empty() {
            return Vec::new();
        }
        if !self.texts.contains(&query) {
            if let Some(subject) = question_subject(&query, self.lang) {
                query = subject.to_owned();
            }
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
                let key = |kind, typos| {
                    sort_key(kind, typos, alias, term.refs, &term.norm, term.source.id)
                };
                if let Some((kind, _)) = classify(field, &query, alias) {
                    consider(key(kind, 0));
                }
                // The singular as a whole word: the field itself, a word followed by more, or
                // the last word; after the literal matches of its kind.
                if let Some(singular) = &singular {
                    let kind = if field == singular {
                        classify(field, singular, alias).map(|(kind, _)| kind)
                    } else {
                        classify(field, &format!("{singular} "), alias)
                            .map(|(kind, _)| kind)
                            .filter(|&kind| kind < MatchKind::Substring)
                            .or_else(|| {
                                let last = field.ends_with(&format!(" {singular}"));
                                last.then_some(MatchKind::WordPrefix)
                            })
                    };
                    if let Some(kind) = kind {
                        consider(key(kind, rank_byte(0, 0, true)));
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
        if found.len() < relax_below {
            self.relaxed(&query, &mut found);
        }
        found.sort_unstable();
        found.into_iter().take(limit).map(|(_, id)| id).collect()
    }

    /// The relaxed stage for the terms not found: most content words, lenient allowances.
    fn relaxed(&self, query: &str, found: &mut Vec<(Vec<u8>, u64)>) {
        let stop = stop_words(self.lang);
        let all: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
        let mut words: Vec<&str> = all.iter().copied().filter(|w| !stop.contains(w)).collect();
        if words.is_empty() {
            words = all.clone();
        }
        words.truncate(16);
        let last = all.last().copied();
        let strict: HashSet<u64> = found.iter().map(|(_, id)| *id).collect();
        for term in self.terms.iter().filter(|t| !strict.contains(&t.source.id)) {
            let best = term
                .fields
                .iter()
                .enumerate()
                .filter_map(|(slot, field)| {
                    let (missing, typos) = partial_typos(field, &words, last)?;
                    let kind = if missing == 0 {
                        MatchKind::Fuzzy
                    } else {
                        MatchKind::Partial
                    };
                    let rank = rank_byte(missing, typos, false);
                    let refs = term.refs;
                    Some(sort_key(
                        kind,
                        rank,
                        slot > 0,
                        refs,
                        &term.norm,
                        term.source.id,
                    ))
                })
                .min();
            if let Some(key) = best {
                found.push((key, term.source.id));
            }
        }
    }
}

/// (words missing, total typos) when `field` holds at least half of `words`, each within the
/// allowance of the longer of the two words, and not only a short fragment being typed.
fn partial_typos(field: &str, words: &[&str], last: Option<&str>) -> Option<(u8, u8)> {
    let field_words: Vec<&str> = field.split(' ').collect();
    // A one- or two-letter fragment being typed counts only beside another word.
    let fragment = (words.len() > 1)
        .then(|| words.len() - 1)
        .filter(|&n| Some(words[n]) == last && words[n].chars().count() <= 2);
    let (mut matched, mut total, mut beside) = (0usize, 0u8, false);
    for (n, word) in words.iter().enumerate() {
        let prefix = Some(*word) == last;
        let mut variants = vec![*word];
        if word.chars().count() >= 5 && is_plural(word) {
            variants.push(&word[..word.len() - 1]);
        }
        let best = variants
            .iter()
            .flat_map(|variant| {
                let chars = variant.chars().count();
                field_words.iter().filter_map(move |candidate| {
                    let len = candidate.chars().count();
                    let allowed = typo_budget(chars + 1).min(typo_budget(chars.max(len)));
                    // Lengths further apart than the allowance cannot be within it.
                    if len + usize::from(allowed) < chars
                        || (!prefix && chars + usize::from(allowed) < len)
                    {
                        return None;
                    }
                    let d = distance(variant, candidate, prefix);
                    (d <= usize::from(allowed)).then_some(d)
                })
            })
            .min();
        if let Some(d) = best {
            matched += 1;
            total = total.saturating_add(d as u8);
            beside |= fragment != Some(n);
        }
    }
    (beside && matched >= words.len().div_ceil(2).max(1))
        .then(|| ((words.len() - matched) as u8, total))
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

/// For each term, the other terms whose definition holds its name, or one of its aliases when
/// that text is no term's name, as whole words; each definition counted once.
fn mentions(terms: &[Scanned]) -> Vec<u32> {
    let mut names: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut aliases: HashMap<&str, Vec<usize>> = HashMap::new();
    for (at, term) in terms.iter().enumerate() {
        if !term.norm.is_empty() {
            names.entry(&term.norm).or_default().push(at);
        }
        for alias in &term.fields[1..] {
            aliases.entry(alias).or_default().push(at);
        }
    }
    let mut refs = vec![0; terms.len()];
    for (at, term) in terms.iter().enumerate() {
        let Some(definition) = &term.source.definition else {
            continue;
        };
        let text = normalize(definition);
        let words: Vec<&str> = text.split(' ').collect();
        let mut mentioned: HashSet<usize> = HashSet::new();
        for start in 0..words.len() {
            for end in start + 1..=(start + 8).min(words.len()) {
                let phrase = words[start..end].join(" ");
                let whose = names
                    .get(phrase.as_str())
                    .or_else(|| aliases.get(phrase.as_str()));
                mentioned.extend(whose.into_iter().flatten().copied().filter(|&t| t != at));
            }
        }
        for t in mentioned {
            refs[t] += 1;
        }
    }
    refs
}
