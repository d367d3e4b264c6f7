//! The index snapshot, over all 8,092 terms of the committed seed file: the size of its two
//! pieces (the index a cold start loads, the definitions loaded after), and the time to load the
//! index from it against the time to build one, in the same run; then `suggest` and `search` on
//! the loaded index over a typed-query set (the loaded index is the built one).
//!
//! `cargo bench -p glossary --bench snapshot`. Figures: docs/glossary-performance.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use glossary::domain::fold::normalize;
use glossary::domain::{Definitions, IndexSource, LangIndex, MatchMode};
use shared::http::lang::Lang;

#[allow(dead_code)]
mod support;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// p50 and max of `rounds` runs of `run`.
fn timed(rounds: usize, mut run: impl FnMut()) -> (Duration, Duration) {
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    samples.sort_unstable();
    (samples[samples.len() / 2], *samples.last().unwrap())
}

/// Every 20th name typed one character at a time (up to 15), as in `benches/search.rs`.
fn typed_queries(sources: &[IndexSource]) -> Vec<String> {
    let mut queries = Vec::new();
    for source in sources.iter().step_by(20) {
        let name: Vec<char> = normalize(&source.name).chars().collect();
        for len in 1..=name.len().min(15) {
            queries.push(name[..len].iter().collect());
        }
    }
    queries
}

fn p99_micros(index: &LangIndex, queries: &[String], mut run: impl FnMut(&LangIndex, &str)) -> f64 {
    let mut samples: Vec<Duration> = Vec::with_capacity(queries.len() * 3);
    for _ in 0..3 {
        for query in queries {
            let start = Instant::now();
            run(index, query);
            samples.push(start.elapsed());
        }
    }
    samples.sort_unstable();
    samples[samples.len() * 99 / 100].as_secs_f64() * 1e6
}

fn main() {
    let terms = support::committed_terms();
    println!("glossary snapshot benchmark: {} terms", terms.len());
    for lang in Lang::ALL {
        let sources: Vec<IndexSource> = terms.iter().filter_map(|t| t.index_source(lang)).collect();
        let built = LangIndex::build(lang, sources.clone());
        let bytes = built.to_snapshot();
        let (build50, build_max) = timed(15, || {
            black_box(LangIndex::build(lang, sources.clone()));
        });
        let (load50, load_max) = timed(15, || {
            black_box(LangIndex::from_snapshot(&bytes.index).unwrap());
        });
        let (definitions50, _) = timed(15, || {
            black_box(Definitions::from_snapshot(&bytes.definitions).unwrap());
        });
        let loaded = LangIndex::from_snapshot(&bytes.index).unwrap();
        let queries = typed_queries(&sources);
        let suggest = p99_micros(&loaded, &queries, |i, q| {
            black_box(i.suggest(q, 10));
        });
        let search = p99_micros(&loaded, &queries, |i, q| {
            black_box(i.search(q, MatchMode::Smart, None, 20));
        });
        println!(
            "{lang}: snapshot index {:.2} MB + definitions {:.2} MB (decoded in {:.1} ms p50); \
             index load p50 {:.1} ms (max {:.1}), build p50 {:.1} ms (max {:.1}): \
             loading is {:.1}x faster; on the loaded index over {} typed queries: suggest p99 {suggest:.1} µs, \
             search p99 {search:.1} µs",
            bytes.index.len() as f64 / 1e6,
            bytes.definitions.len() as f64 / 1e6,
            ms(definitions50),
            ms(load50),
            ms(load_max),
            ms(build50),
            ms(build_max),
            build50.as_secs_f64() / load50.as_secs_f64(),
            queries.len(),
        );
    }
}
