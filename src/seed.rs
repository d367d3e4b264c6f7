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

/// What seeding the glossary did: the terms, then the search index snapshot built from them.
#[derive(Debug)]
pub struct GlossarySeed {
    pub terms: glossary::store::SyncReport,
    pub snapshot: glossary::app::Published,
}

impl fmt::Display for GlossarySeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "glossary terms (one item per term and language): {}",
            self.terms
        )?;
        let sizes: Vec<String> = (self.snapshot.bytes.iter())
            .map(|(lang, piece, bytes)| format!("{lang} {} {bytes} bytes", piece.code()))
            .collect();
        write!(
            f,
            "glossary index snapshot {} ({}): {}",
            self.snapshot.version,
            sizes.join(", "),
            if self.snapshot.written {
                "written"
            } else {
                "unchanged"
            }
        )
    }
}

/// Loads the committed glossary (`<content_dir>/glossary/terms.jsonl.gz`) into a store, writing
/// only the terms that changed and removing those no longer in the file, then the search index
/// snapshot of the same terms (written only when it changed), which instances load at start.
pub async fn seed_glossary<W>(writer: &W, content_dir: &Path) -> anyhow::Result<GlossarySeed>
where
    W: glossary::store::TermWriter + glossary::store::SnapshotWriter,
{
    let terms = crate::glossary_data::seedfile::read_seed(&crate::glossary_seed_file(content_dir))?;
    let report = writer.sync_terms(&terms).await?;
    // After the terms: an instance that loads the new snapshot finds every term it lists.
    let snapshot = glossary::app::publish_snapshot(writer, &terms).await?;
    Ok(GlossarySeed {
        terms: report,
        snapshot,
    })
}
