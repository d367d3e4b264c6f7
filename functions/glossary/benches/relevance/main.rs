//! The glossary relevance benchmark: queries generated from the committed NCI glossary with a
//! fixed seed (`generate.rs`), answered by the project's smart search, by NCI's alphabetical
//! `begins` and by Fuse.js (a peer, through node), in the same run; prints the table.
//!
//! `cargo bench -p glossary --bench relevance` (needs node and npm for the peer; without them
//! the peer's column says so). Figures and how to read them: docs/glossary-performance.md.

mod generate;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use generate::{Query, Score, SETS};
use glossary::domain::{IndexSource, LangIndex, MatchMode};
use shared::http::lang::Lang;

// Only the committed terms are used here; the linear scan is the speed benchmark's.
#[allow(dead_code)]
#[path = "../support/mod.rs"]
mod support;

/// A system's top ten term ids for every query.
type Answers = Vec<Vec<u64>>;

fn project(index: &LangIndex, queries: &[Query], mode: MatchMode) -> Answers {
    queries
        .iter()
        .map(|q| {
            let page = index.search(&q.text, mode, None, 10);
            page.hits.iter().map(|hit| hit.term.id).collect()
        })
        .collect()
}

/// Fuse.js over the same names and aliases, or why it could not run.
fn fuse(sources: &[IndexSource], queries: &[Query]) -> Result<Answers, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/relevance/fuse");
    if !dir.join("node_modules/fuse.js").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("npm: {e}"))?;
        if !status.success() {
            return Err("npm ci failed".into());
        }
    }
    let docs: Vec<_> = sources
        .iter()
        .map(|s| serde_json::json!({"id": s.id, "name": s.name, "aliases": s.aliases}))
        .collect();
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let input = serde_json::to_vec(&serde_json::json!({"docs": docs, "queries": texts}))
        .map_err(|e| e.to_string())?;
    let mut child = Command::new("node")
        .arg("run.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("node: {e}"))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(&input)
        .map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err("the Fuse.js script failed".into());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
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
    // The peer answers both languages at once (in node) while the project's index is built and
    // asked; `RELEVANCE_PEERS=none` leaves it out, for quick runs while changing the ranking.
    let peers = std::env::var("RELEVANCE_PEERS").map_or(true, |v| v != "none");
    let inputs: Vec<(Lang, Vec<IndexSource>, Vec<Query>)> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let sources: Vec<IndexSource> =
                terms.iter().filter_map(|t| t.index_source(lang)).collect();
            let queries = generate::queries(lang, &sources);
            (lang, sources, queries)
        })
        .collect();
    let running: Vec<_> = inputs
        .iter()
        .map(|(_, sources, queries)| {
            // Prefixes are measured against NCI's alphabetical `begins`, the peer answers the
            // pass/fail sets (Fuse.js takes tens of milliseconds a query).
            let queries: Vec<Query> = queries
                .iter()
                .filter(|q| SETS[q.set].score != Score::Mrr10)
                .cloned()
                .collect();
            let sources = sources.clone();
            peers.then(|| std::thread::spawn(move || fuse(&sources, &queries)))
        })
        .collect();
    for ((lang, sources, queries), peer) in inputs.into_iter().zip(running) {
        let index = LangIndex::build(lang, sources.clone());
        let mut systems: Vec<(String, Answers)> = vec![
            (
                "project".into(),
                project(&index, &queries, MatchMode::Smart),
            ),
            (
                "begins (NCI)".into(),
                project(&index, &queries, MatchMode::Begins),
            ),
        ];
        match peer.map(|p| p.join().expect("the peer thread")) {
            Some(Ok(answers)) => {
                // Back in the order of all queries; prefixes unanswered (shown as "–").
                let mut given = answers.into_iter();
                let all = queries
                    .iter()
                    .map(|q| match SETS[q.set].score {
                        Score::Mrr10 => Vec::new(),
                        Score::Top(_) => given.next().unwrap_or_default(),
                    })
                    .collect();
                systems.push(("Fuse.js 7".into(), all));
            }
            Some(Err(why)) => println!("{lang}: Fuse.js not run: {why}"),
            None => println!("{lang}: peers left out (RELEVANCE_PEERS=none)"),
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
                if name.starts_with("Fuse") && info.score == Score::Mrr10 {
                    print!(" – |");
                } else {
                    print!(" {} |", cell(set, score(&queries, answers, set).0));
                }
            }
            println!();
        }
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
