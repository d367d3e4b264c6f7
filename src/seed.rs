//! Loading the repository's content into a store, idempotently.

use std::fmt;
use std::path::Path;

use content::domain::load_pages;
use content::store::{PageWriter, PutOutcome};

/// What a seed run did, item by item.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
}

impl SeedReport {
    fn record(&mut self, outcome: PutOutcome, item: String) {
        match outcome {
            PutOutcome::Created => self.created.push(item),
            PutOutcome::Updated => self.updated.push(item),
            PutOutcome::Unchanged => self.unchanged.push(item),
        }
    }
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (verb, items) in [
            ("created", &self.created),
            ("updated", &self.updated),
            ("unchanged", &self.unchanged),
        ] {
            for item in items {
                writeln!(f, "  {verb:<9} {item}")?;
            }
        }
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created.len(),
            self.updated.len(),
            self.unchanged.len()
        )
    }
}

/// Writes every page under `content_dir` (`<slug>/<lang>.md`); unchanged pages are left alone.
pub async fn seed_pages<W: PageWriter + ?Sized>(
    writer: &W,
    content_dir: &Path,
) -> anyhow::Result<SeedReport> {
    let pages = load_pages(&content_dir.join("pages"))?;
    let mut report = SeedReport::default();
    for page in &pages {
        let outcome = writer.put_page(page).await?;
        report.record(outcome, format!("page {}/{}", page.slug, page.lang));
    }
    Ok(report)
}

/// Loads the committed glossary (`<content_dir>/glossary/terms.jsonl.gz`) into a store, writing
/// only the terms that changed and removing those no longer in the file.
pub async fn seed_glossary<W: glossary::store::TermWriter + ?Sized>(
    writer: &W,
    content_dir: &Path,
) -> anyhow::Result<glossary::store::SyncReport> {
    let terms = crate::glossary_data::seedfile::read_seed(&crate::glossary_seed_file(content_dir))?;
    Ok(writer.sync_terms(&terms).await?)
}
