//! Every query of the search benchmark's typed-query set through `suggest`, twice, each call
//! in a function of its own (`suggest_one`): for `scripts/count-suggest`, which counts each
//! call's instructions with callgrind. Instruction counts do not move with the load of a
//! shared machine, which moves the benchmark's microseconds by half.
//!
//! `suggest_each [en|es]` prints the queries, one per line, in the order they ran.

use glossary::domain::{Hit, IndexSource, LangIndex};
use shared::http::lang::Lang;

// Only the committed terms are needed here, not the baseline beside them.
#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod support;
#[path = "../benches/support/typed.rs"]
mod typed;

fn main() {
    let lang = match std::env::args().nth(1).as_deref() {
        Some("es") => Lang::Es,
        _ => Lang::En,
    };
    let terms = support::committed_terms();
    let sources: Vec<IndexSource> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
    let queries = typed::typed_queries(&sources);
    let index = LangIndex::build(lang, sources);
    // The first round fills the per-thread buffers; the script counts the second.
    for _ in 0..2 {
        for query in &queries {
            std::hint::black_box(suggest_one(&index, query));
        }
    }
    for query in &queries {
        println!("{query}");
    }
}

#[inline(never)]
fn suggest_one<'a>(index: &'a LangIndex, query: &str) -> Vec<Hit<'a>> {
    index.suggest(query, 10)
}
