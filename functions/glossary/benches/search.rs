//! The glossary search benchmark, over all 8,092 terms of the committed seed file:
//! index build time, suggest and search latency (p50, p99), memory added by the index, and the
//! linear scan with the same folding and ranking as the baseline, in the same run.
//!
//! `cargo bench -p glossary` — criterion's means first, then our own timing loops' percentiles.
//! Figures and how to read them: docs/glossary-performance.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use glossary::domain::{IndexSource, LangIndex, MatchMode, Term};
use shared::http::lang::Lang;
use support::baseline::LinearScan;

mod support;
#[path = "support/typed.rs"]
mod typed;

fn sources(terms: &[Term], lang: Lang) -> Vec<IndexSource> {
    terms.iter().filter_map(|t| t.index_source(lang)).collect()
}

/// Resident memory of this process, from /proc/self/statm.
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    (at(0.50), at(0.99), *samples.last().unwrap())
}

fn time_each(queries: &[String], rounds: usize, mut run: impl FnMut(&str)) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for query in queries {
            let start = Instant::now();
            run(query);
            samples.push(start.elapsed());
        }
    }
    samples
}

/// Each query's median over the rounds of `time_each`'s samples (round after round), slowest
/// first: what a query costs without the machine's interruptions, which reach single samples.
fn slowest<'q>(queries: &'q [String], samples: &[Duration]) -> Vec<(Duration, &'q str)> {
    let mut medians: Vec<(Duration, &str)> = queries
        .iter()
        .enumerate()
        .map(|(n, query)| {
            let mut own: Vec<Duration> = samples
                .iter()
                .skip(n)
                .step_by(queries.len())
                .copied()
                .collect();
            own.sort_unstable();
            (own[own.len() / 2], query.as_str())
        })
        .collect();
    medians.sort_unstable_by(|a, b| b.cmp(a));
    medians
}

/// p99 of the queries' medians, and with GLOSSARY_BENCH_SLOWEST=n the n slowest queries.
fn report_medians(label: &str, queries: &[String], samples: &[Duration]) -> Duration {
    let medians = slowest(queries, samples);
    let shown: usize = std::env::var("GLOSSARY_BENCH_SLOWEST")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for (median, query) in medians.iter().take(shown) {
        println!("  slowest {label}: {:>9} {query:?}", micros(*median));
    }
    medians[medians.len() / 100].0
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let terms = support::committed_terms();
    assert_eq!(terms.len(), 8092);

    // Memory: resident set before and after building both indexes from the store's rows.
    let before = rss_bytes();
    let start = Instant::now();
    let en = LangIndex::build(Lang::En, sources(&terms, Lang::En));
    let first_build = start.elapsed();
    let es = LangIndex::build(Lang::Es, sources(&terms, Lang::Es));
    let added = rss_bytes().saturating_sub(before);

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .configure_from_args();
    let en_sources = sources(&terms, Lang::En);
    criterion.bench_function("build index en (8,092 terms)", |b| {
        b.iter(|| LangIndex::build(Lang::En, black_box(en_sources.clone())))
    });
    let en_scan = LinearScan::new(Lang::En, en_sources.clone());
    for (lang, index, query) in [
        (Lang::En, &en, "imunotherapy"),
        (Lang::En, &en, "t lym"),
        (Lang::En, &en, "c"),
        (Lang::Es, &es, "inmuno"),
    ] {
        criterion.bench_function(&format!("suggest {lang} {query:?}"), |b| {
            b.iter(|| index.suggest(black_box(query), 10))
        });
        criterion.bench_function(&format!("search {lang} {query:?}"), |b| {
            b.iter(|| index.search(black_box(query), MatchMode::Smart, None, 20))
        });
    }
    criterion.bench_function("linear scan en \"imunotherapy\"", |b| {
        b.iter(|| en_scan.suggest(black_box("imunotherapy"), 10))
    });
    criterion.final_summary();

    // Our own loops, for percentiles.
    let builds: Vec<Duration> = (0..15)
        .map(|_| {
            let sources = sources(&terms, Lang::En);
            let start = Instant::now();
            black_box(LangIndex::build(Lang::En, sources));
            start.elapsed()
        })
        .collect();
    let (build_p50, _, build_max) = percentiles(builds);
    let es_builds: Vec<Duration> = (0..15)
        .map(|_| {
            let sources = sources(&terms, Lang::Es);
            let start = Instant::now();
            black_box(LangIndex::build(Lang::Es, sources));
            start.elapsed()
        })
        .collect();
    let (es_build_p50, _, es_build_max) = percentiles(es_builds);

    println!();
    println!("glossary search benchmark: {} terms", terms.len());
    println!(
        "index build: en p50 {:.1} ms (max {:.1} ms), es p50 {:.1} ms (max {:.1} ms); \
         first build in the process {:.1} ms (cold caches)",
        build_p50.as_secs_f64() * 1e3,
        build_max.as_secs_f64() * 1e3,
        es_build_p50.as_secs_f64() * 1e3,
        es_build_max.as_secs_f64() * 1e3,
        first_build.as_secs_f64() * 1e3,
    );
    println!(
        "memory: resident set +{:.1} MB for both indexes (heap estimate en {:.1} MB, es {:.1} MB)",
        added as f64 / 1e6,
        en.heap_bytes() as f64 / 1e6,
        es.heap_bytes() as f64 / 1e6,
    );
    for (lang, index) in [(Lang::En, &en), (Lang::Es, &es)] {
        let srcs = sources(&terms, lang);
        let queries = typed::typed_queries(&srcs);
        let scan = LinearScan::new(lang, srcs);
        let suggested = time_each(&queries, 5, |q| {
            black_box(index.suggest(q, 10));
        });
        let s99_medians = report_medians(&format!("{lang} suggest"), &queries, &suggested);
        let (s50, s99, smax) = percentiles(suggested);
        let searched = time_each(&queries, 3, |q| {
            black_box(index.search(q, MatchMode::Smart, None, 20));
        });
        let q99_medians = report_medians(&format!("{lang} search"), &queries, &searched);
        let (q50, q99, qmax) = percentiles(searched);
        // GLOSSARY_BENCH_NO_SCAN=1 leaves the (slow) linear scan out: index figures only.
        if std::env::var_os("GLOSSARY_BENCH_NO_SCAN").is_some() {
            println!(
                "{lang}: {} typed queries: suggest p50 {} p99 {} (p99 of medians {}); \
                 search p50 {} p99 {} (p99 of medians {})",
                queries.len(),
                micros(s50),
                micros(s99),
                micros(s99_medians),
                micros(q50),
                micros(q99),
                micros(q99_medians)
            );
            continue;
        }
        let (b50, b99, bmax) = percentiles(time_each(&queries, 1, |q| {
            black_box(scan.suggest(q, 10));
        }));
        println!("{lang}: {} typed queries", queries.len());
        println!(
            "  suggest (10)        p50 {:>10}  p99 {:>10}  max {:>10}  p99 of medians {:>10}",
            micros(s50),
            micros(s99),
            micros(smax),
            micros(s99_medians)
        );
        println!(
            "  search (smart, 20)  p50 {:>10}  p99 {:>10}  max {:>10}  p99 of medians {:>10}",
            micros(q50),
            micros(q99),
            micros(qmax),
            micros(q99_medians)
        );
        println!(
            "  linear scan (10)    p50 {:>10}  p99 {:>10}  max {:>10}",
            micros(b50),
            micros(b99),
            micros(bmax)
        );
        println!(
            "  suggest is {:.0}x faster than the linear scan at p50, {:.0}x at p99",
            b50.as_secs_f64() / s50.as_secs_f64(),
            b99.as_secs_f64() / s99.as_secs_f64()
        );
    }
}
