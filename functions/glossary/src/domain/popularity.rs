//! The popularity prior: how many other terms' definitions mention a term, counted from the
//! glossary itself when the index is built.
//!
//! Among the names that start with what someone typed, the one they want is more often the one
//! the dictionary keeps referring to (`chemotherapy` in hundreds of definitions, a rare drug
//! name in none), so name prefixes rank by this count before length (`ranking::sort_key`).

use std::collections::{HashMap, HashSet};

use super::fold::normalize;
use super::index::{Field, IndexedEntry};

/// Phrases longer than this are not looked up: names of more words are seldom written out
/// whole inside another definition (the benchmark's recount in `benches/support` agrees).
const LONGEST_PHRASE: usize = 8;

/// For each entry, the number of *other* entries whose definition mentions its name or one of
/// its aliases as whole words, counted once per definition. A phrase that is some term's name
/// credits the terms of that name only, not terms that merely have it as an alias.
pub(super) fn references(entries: &[IndexedEntry], fields: &[Field]) -> Vec<u32> {
    // Fields by their whole text (built once here: counting runs at index build only).
    let mut exact: HashMap<&str, Vec<u32>> = HashMap::with_capacity(fields.len());
    for (id, field) in fields.iter().enumerate() {
        if !field.norm.is_empty() {
            exact.entry(&field.norm).or_default().push(id as u32);
        }
    }
    // Every field's leading words (`lung`, `lung cancer`): a phrase of a definition is only
    // extended by a word while it is still the start of some field, so most stop at one word.
    let mut leads: HashSet<&str> = HashSet::with_capacity(fields.len() * 2);
    for field in fields {
        let norm = &*field.norm;
        leads.extend(norm.match_indices(' ').map(|(i, _)| &norm[..i]));
        leads.insert(norm);
    }
    let mut counts = vec![0u32; entries.len()];
    // The definition that last credited each entry, so that a definition counts once.
    let mut credited_by = vec![u32::MAX; entries.len()];
    let mut starts = Vec::new();
    for (at, entry) in entries.iter().enumerate() {
        let Some(definition) = &entry.source.definition else {
            continue;
        };
        let text = normalize(definition);
        starts.clear();
        starts.extend(std::iter::once(0).chain(text.match_indices(' ').map(|(i, _)| i + 1)));
        for (n, &start) in starts.iter().enumerate() {
            for next in n + 1..=starts.len().min(n + LONGEST_PHRASE) {
                let end = starts.get(next).map_or(text.len(), |&s| s - 1);
                let phrase = &text[start..end];
                if !leads.contains(phrase) {
                    break;
                }
                let Some(found) = exact.get(phrase) else {
                    continue;
                };
                let by_name = found.iter().any(|&f| !fields[f as usize].is_alias());
                for &f in found {
                    let field = &fields[f as usize];
                    let target = field.entry as usize;
                    if (by_name && field.is_alias()) || target == at {
                        continue;
                    }
                    if credited_by[target] != at as u32 {
                        credited_by[target] = at as u32;
                        counts[target] += 1;
                    }
                }
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::super::index::{IndexSource, LangIndex};
    use shared::http::lang::Lang;

    fn term(id: u64, name: &str, aliases: &[&str], definition: &str) -> IndexSource {
        IndexSource {
            id,
            name: name.into(),
            slug: format!("t{id}"),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            definition: Some(definition.into()),
        }
    }

    fn refs_of(index: &LangIndex, name: &str) -> u32 {
        index
            .entries
            .iter()
            .find(|e| e.source.name == name)
            .map(|e| e.refs)
            .expect("a term of that name")
    }

    #[test]
    fn mentions_are_counted_once_per_other_definition_by_name_or_alias() {
        let index = LangIndex::build(
            Lang::En,
            vec![
                term(
                    1,
                    "chemotherapy",
                    &["chemo"],
                    "Treatment with drugs (chemotherapy).",
                ),
                term(
                    2,
                    "chemoprevention",
                    &[],
                    "Drugs given to lower the risk of cancer.",
                ),
                // Twice in one definition, and once by its alias: one definition, one count.
                term(
                    3,
                    "adjuvant therapy",
                    &[],
                    "Chemotherapy after surgery; chemo, Chemotherapy.",
                ),
                term(4, "cancer", &[], "A disease; see chemotherapy."),
                // "cancer" here is a name: the term that has it as an alias is not credited.
                term(5, "malignancy", &["cancer"], "Another word for cancer."),
                term(
                    6,
                    "lung cancer",
                    &[],
                    "Cancer of the lung, treated by chemotherapy.",
                ),
            ],
        );
        // Mentioned by 3, 4 and 6; its own definition does not count.
        assert_eq!(refs_of(&index, "chemotherapy"), 3);
        // Mentioned by 2, 5 and 6 (as part of "cancer of the lung": whole words).
        assert_eq!(refs_of(&index, "cancer"), 3);
        assert_eq!(refs_of(&index, "malignancy"), 0);
        assert_eq!(refs_of(&index, "chemoprevention"), 0);
        assert_eq!(refs_of(&index, "lung cancer"), 0);
    }

    #[test]
    fn a_name_inside_a_longer_word_is_not_a_mention() {
        let index = LangIndex::build(
            Lang::En,
            vec![
                term(1, "chemo", &[], "Short for chemotherapy."),
                term(
                    2,
                    "adjuvant",
                    &[],
                    "Chemotherapy given after; chemotherapeutic.",
                ),
            ],
        );
        assert_eq!(refs_of(&index, "chemo"), 0);
    }
}
