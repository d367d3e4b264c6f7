//! The project's own glossary file, `content/glossary/terms.jsonl.gz`: one `Term` per line,
//! sorted by id, gzip without a timestamp or file name so that the same input gives the same bytes.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{bail, Context};
use flate2::read::GzDecoder;
use flate2::{Compression, GzBuilder};

use glossary::domain::Term;

/// Writes `terms` in the seed format.
pub fn write_seed(terms: &[Term], out: impl Write) -> anyhow::Result<()> {
    // GzBuilder writes mtime 0 and no file name unless told otherwise: reproducible bytes.
    let mut gz = GzBuilder::new().write(out, Compression::best());
    for term in terms {
        serde_json::to_writer(&mut gz, term)?;
        gz.write_all(b"\n")?;
    }
    gz.finish()?.flush()?;
    Ok(())
}

/// Reads and checks a seed file: ids ascending, slugs unique per language.
pub fn read_seed(path: &Path) -> anyhow::Result<Vec<Term>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    parse_seed(BufReader::new(GzDecoder::new(file)))
        .with_context(|| format!("reading {}", path.display()))
}

pub fn parse_seed(reader: impl BufRead) -> anyhow::Result<Vec<Term>> {
    let mut terms: Vec<Term> = Vec::new();
    let mut slugs = HashSet::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line?;
        if line.is_empty() {
            continue;
        }
        let term: Term =
            serde_json::from_str(&line).with_context(|| format!("line {}", number + 1))?;
        if terms.last().is_some_and(|last| last.id >= term.id) {
            bail!("line {}: ids must ascend", number + 1);
        }
        for (lang, entry) in term.langs() {
            if !slugs.insert((lang, entry.slug.clone())) {
                bail!(
                    "line {}: slug {lang}/{} is used twice",
                    number + 1,
                    entry.slug
                );
            }
        }
        terms.push(term);
    }
    Ok(terms)
}
