//! What the benchmark and the baseline test share: the committed glossary, and the linear scan
//! the index is measured and checked against. Offline code: none of it is in the Lambda.

pub mod baseline;

use std::io::{BufRead, BufReader};
use std::path::Path;

use glossary::domain::Term;

/// Every term of `content/glossary/terms.jsonl.gz` (one JSON `Term` per line, gzipped). The
/// root package's seed reader also checks the file; here it is only read.
pub fn committed_terms() -> Vec<Term> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/glossary/terms.jsonl.gz");
    let file = std::fs::File::open(&path).expect("the committed glossary");
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|line| serde_json::from_str(&line.expect("readable")).expect("a term per line"))
        .collect()
}
