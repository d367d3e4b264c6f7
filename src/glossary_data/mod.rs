//! The glossary's offline data work, kept out of the Lambda: the committed seed file
//! (`content/glossary/terms.jsonl.gz`), which the local server and the seed command read, and
//! the import of NCI's GlossaryTerm XML that writes it (`cargo run -- glossary-import`).

pub mod import;
pub mod seedfile;

use std::path::Path;

use anyhow::Context;

/// Imports NCI's export (a `.tar.gz` or its unpacked folder) into `output` and says what it
/// wrote. The same input gives the same bytes.
pub fn import_to_seed(source: &Path, output: &Path) -> anyhow::Result<String> {
    let terms = import::build_terms(import::read_source(source)?)?;
    let mut bytes = Vec::new();
    seedfile::write_seed(&terms, &mut bytes)?;
    std::fs::write(output, &bytes).with_context(|| format!("writing {}", output.display()))?;
    let spanish = terms.iter().filter(|t| t.es.is_some()).count();
    let aliases: usize = terms
        .iter()
        .flat_map(|t| t.langs().map(|(_, e)| e.aliases.len()))
        .sum();
    Ok(format!(
        "{} terms ({spanish} with Spanish), {aliases} aliases: {} ({} bytes)",
        terms.len(),
        output.display(),
        bytes.len()
    ))
}
