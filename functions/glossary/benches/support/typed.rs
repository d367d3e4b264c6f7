//! The benchmark's typed-query set, shared with the example that counts its instructions
//! (`examples/suggest_each.rs`). Kept out of `support/mod.rs`, which the tests include too.

use glossary::domain::fold::normalize;
use glossary::domain::IndexSource;

/// What people type: every 20th name, character by character (up to 15), and a version of its
/// first word with two letters swapped (a typo).
pub fn typed_queries(sources: &[IndexSource]) -> Vec<String> {
    let mut queries = Vec::new();
    for source in sources.iter().step_by(20) {
        let name: Vec<char> = normalize(&source.name).chars().collect();
        for len in 1..=name.len().min(15) {
            queries.push(name[..len].iter().collect());
        }
        let first: Vec<char> = name.iter().copied().take_while(|c| *c != ' ').collect();
        if first.len() >= 6 {
            let mut typo = first.clone();
            typo.swap(2, 3);
            queries.push(typo.iter().collect());
        }
    }
    queries
}
