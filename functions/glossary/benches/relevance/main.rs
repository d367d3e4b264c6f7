//! The glossary relevance benchmark: queries generated from the committed NCI glossary with a
//! fixed seed (`generate.rs`), answered by the project's smart search, by NCI's alphabetical
//! `begins` and by the peers (`peers.rs`: tantivy, Fuse.js, MiniSearch) in the same run; prints
//! the table.
//!
//! `cargo bench -p glossary --bench relevance` (node and npm for the node peers, cargo builds
//! the tantivy one; a peer that cannot run says why in place of its column). Figures and how to
//! read them: docs/glossary-performance.md.

mod expected;
mod generate;
mod peers;
mod typos;

use generate::{Query, Score, SETS};
use glossary::domain::{IndexSource, LangIndex, MatchMode};
use shared::http::lang::Lang;

// Only the committed terms are used here; the linear scan is the speed benchmark's.
#[allow(dead_code)]
#[path = "../support/mod.rs"]
mod support;

/// A system's top ten term ids for every query.
pub type Answers = Vec<Vec<u64>>;

/// The project's top ten for every query; the held-out set is asked of the index that was
/// given only the definitions its draw did not read.
fn project(index: &LangIndex, held: &LangIndex, queries: &[Query], mode: MatchMode) -> Answers {
    queries
        .iter()
        .map(|q| {
            let index = if q.set == generate::HELD_OUT {
                held
            } else {
                index
            };
            let page = index.search(&q.text, mode, None, 10);
            page.hits.iter().map(|hit| hit.term.id).collect()
        })
        .collect()
}

/// A set's score: the share of queries passed, or MRR@10 for prefixes.
fn score(queries: &[Query], answers: &Answers, set: usize) -> (f64, usize, usize) {
    let mut total = 0.0;
    let (mut passed, mut n) = (0, 0);
    for (q, got) in queries.iter().zip(answers) {
        if q.set != set {
            continue;
        }
        n += 1;
        let rank = got.iter().position(|id| q.expected.contains(id));
        match SETS[set].score {
            Score::Top(k) => {
                if rank.is_some_and(|r| r < k) {
                    passed += 1;
                    total += 1.0;
                }
            }
            Score::Mrr10 => total += rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0)),
        }
    }
    (if n == 0 { 0.0 } else { total / n as f64 }, passed, n)
}

fn cell(set: usize, value: f64) -> String {
    match SETS[set].score {
        Score::Top(_) => format!("{:.1} %", value * 100.0),
        Score::Mrr10 => format!("{value:.3}"),
    }
}

fn main() {
    let terms = support::committed_terms();
    let show_misses = std::env::var_os("RELEVANCE_MISSES").is_some();
    let mut overall: Vec<(String, usize, usize)> = Vec::new();
    println!(
        "glossary relevance benchmark: seed {:#x}, {} queries per set and language",
        generate::SEED,
        generate::PER_SET
    );
    // The peers answer both languages at once (each in its own process) while the project's
    // index is built and asked; `RELEVANCE_PEERS=none` leaves them out, for quick runs.
    let peers = peers::selected();
    let inputs: Vec<(Lang, Vec<IndexSource>, Vec<Query>)> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let sources: Vec<IndexSource> =
                terms.iter().filter_map(|t| t.index_source(lang)).collect();
            let queries = generate::queries(lang, &sources);
            (lang, sources, queries)
        })
        .collect();
    let running: Vec<Vec<_>> = inputs
        .iter()
        .map(|(_, sources, queries)| {
            peers
                .iter()
                .map(|&peer| {
                    // Prefixes only to an engine configured for them (the others are measured
                    // on prefixes by NCI's `begins`).
                    let queries: Vec<Query> = queries
                        .iter()
                        .filter(|q| peer.prefixes || SETS[q.set].score != Score::Mrr10)
                        .cloned()
                        .collect();
                    let sources = sources.clone();
                    std::thread::spawn(move || peer.answer(&sources, &queries))
                })
                .collect()
        })
        .collect();
    for ((lang, sources, queries), running) in inputs.into_iter().zip(running) {
        let index = LangIndex::build(lang, sources.clone());
        let without_held_out = sources
            .iter()
            .cloned()
            .map(|mut s| {
                if generate::held_out(s.id) {
                    s.definition = None;
                }
                s
            })
            .collect();
        let held = LangIndex::build(lang, without_held_out);
        let mut systems: Vec<(String, Answers)> = vec![
            (
                "project".into(),
                project(&index, &held, &queries, MatchMode::Smart),
            ),
            (
                "begins (NCI)".into(),
                project(&index, &held, &queries, MatchMode::Begins),
            ),
        ];
        // Sets a system was not asked (prefixes, for some peers), shown as "–".
        let mut unasked: Vec<(String, usize)> = Vec::new();
        for (peer, thread) in peers.iter().zip(running) {
            match thread.join().expect("the peer thread") {
                Ok(answers) => {
                    let mut given = answers.into_iter();
                    let all = queries
                        .iter()
                        .map(
                            |q| match peer.prefixes || SETS[q.set].score != Score::Mrr10 {
                                true => given.next().unwrap_or_default(),
                                false => {
                                    unasked.push((peer.name.into(), q.set));
                                    Vec::new()
                                }
                            },
                        )
                        .collect();
                    systems.push((peer.name.into(), all));
                }
                Err(why) => println!("{lang}: {} not run: {why}", peer.name),
            }
        }
        if peers.is_empty() {
            println!("{lang}: peers left out (RELEVANCE_PEERS=none)");
        }
        println!();
        print!("| {lang} set | n |");
        for (name, _) in &systems {
            print!(" {name} |");
        }
        println!();
        println!("|---|---|{}", "---|".repeat(systems.len()));
        for (set, info) in SETS.iter().enumerate() {
            let n = queries.iter().filter(|q| q.set == set).count();
            print!("| {} | {n} |", info.name);
            for (name, answers) in &systems {
                if unasked.iter().any(|(n, s)| n == name && *s == set) {
                    print!(" – |");
                } else {
                    print!(" {} |", cell(set, score(&queries, answers, set).0));
                }
            }
            println!();
        }
        // The uniform prefix set again, every target it could have drawn weighed in.
        let uniform = SETS
            .iter()
            .position(|s| s.name == "prefix (MRR@10)")
            .expect("the uniform prefix set");
        print!("| prefix, expected over uniform targets (MRR@10) | – |");
        for (name, answers) in &systems {
            if unasked.iter().any(|(n, s)| n == name && *s == uniform) {
                print!(" – |");
            } else {
                let mrr = expected::uniform_mrr(&sources, &queries, answers, uniform);
                print!(" {mrr:.3} |");
            }
        }
        println!();
        for (name, answers) in &systems {
            let (mut passed, mut n) = (0, 0);
            for (set, info) in SETS.iter().enumerate() {
                if let Score::Top(_) = info.score {
                    let (_, p, m) = score(&queries, answers, set);
                    passed += p;
                    n += m;
                }
            }
            let empty = queries
                .iter()
                .zip(answers)
                .filter(|(q, got)| SETS[q.set].score != Score::Mrr10 && got.is_empty())
                .count();
            println!("{lang} {name}: {passed}/{n} pass/fail queries passed, {empty} empty answers");
            match overall.iter_mut().find(|(s, _, _)| s == name) {
                Some(entry) => {
                    entry.1 += passed;
                    entry.2 += n;
                }
                None => overall.push((name.clone(), passed, n)),
            }
        }
        if show_misses {
            for (q, got) in queries.iter().zip(&systems[0].1) {
                let rank = got.iter().position(|id| q.expected.contains(id));
                let pass = match SETS[q.set].score {
                    Score::Top(k) => rank.is_some_and(|r| r < k),
                    Score::Mrr10 => rank == Some(0),
                };
                if !pass {
                    let names: Vec<&str> = got
                        .iter()
                        .take(3)
                        .filter_map(|id| sources.iter().find(|s| s.id == *id))
                        .map(|s| s.name.as_str())
                        .collect();
                    let want = sources
                        .iter()
                        .find(|s| s.id == q.expected[0])
                        .map(|s| s.name.as_str());
                    println!(
                        "  miss [{}] {:?}: want {want:?} got {names:?}",
                        SETS[q.set].name, q.text
                    );
                }
            }
        }
    }
    println!();
    for (name, passed, n) in overall {
        println!(
            "overall {name}: {:.1} % of {n} pass/fail queries",
            passed as f64 * 100.0 / n as f64
        );
    }
}
