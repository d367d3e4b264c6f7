//! Converts NCI's GlossaryTerm XML export into the project's seed file.
//!
//! ```sh
//! cargo run -p glossary --bin glossary-import -- /path/to/glossaryterm-xml-2016.tar.gz
//! ```
//!
//! The source may be the `.tar.gz` or its unpacked folder. The output (by default
//! `content/glossary/terms.jsonl.gz`) is byte-for-byte the same for the same input.

use std::path::PathBuf;

use anyhow::Context;
use glossary::domain::{import, seedfile};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(source), output) = (args.next(), args.next()) else {
        anyhow::bail!(
            "usage: glossary-import <glossaryterm-xml.tar.gz | folder> [output.jsonl.gz]"
        );
    };
    let source = PathBuf::from(source);
    let output = output
        .map(PathBuf::from)
        .unwrap_or_else(glossary::default_seed_file);
    let terms = import::build_terms(import::read_source(&source)?)?;
    let mut bytes = Vec::new();
    seedfile::write_seed(&terms, &mut bytes)?;
    std::fs::write(&output, &bytes).with_context(|| format!("writing {}", output.display()))?;
    let spanish = terms.iter().filter(|t| t.es.is_some()).count();
    let aliases: usize = terms
        .iter()
        .flat_map(|t| t.langs().map(|(_, e)| e.aliases.len()))
        .sum();
    println!(
        "{} terms ({spanish} with Spanish), {aliases} aliases: {} ({} bytes)",
        terms.len(),
        output.display(),
        bytes.len()
    );
    Ok(())
}
