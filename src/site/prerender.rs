//! The pages' text for the site's build: what `GET /v1/pages/{slug}?lang=…` answers for every
//! authored page and language, and the trial line's fixed details, written to
//! `web/src/generated/site-content.json` so that Astro prerenders the text into the HTML (it
//! reads before any script runs). Generated from `content/pages/` by the content crate's own
//! parser and views, so there is one source of truth and one parser; committed like
//! `docs/openapi.json`, and a test fails when the committed copy is stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::DateTime;
use content::domain::{load_pages, Slug, TRIAL_LINE};
use content::http::{ContactAnswer, Hours, LanguageOffered, PageDocument, Phone};
use content::store::{MemoryPageStore, PageWriter};
use serde::Serialize;
use shared::http::lang::Lang;

/// Where the generated file lives in the site's sources.
pub fn content_file(web_dir: &Path) -> PathBuf {
    web_dir
        .join("src")
        .join("generated")
        .join("site-content.json")
}

#[derive(Serialize)]
struct SiteContent {
    /// By slug, then language code: the API's page document.
    pages: BTreeMap<String, BTreeMap<&'static str, PageDocument>>,
    /// By language code: the parts of `/v1/contact` that do not depend on the time.
    trial_line: BTreeMap<&'static str, TrialLineDetails>,
}

#[derive(Serialize)]
struct TrialLineDetails {
    phone: Phone,
    hours: Hours,
    languages: Vec<LanguageOffered>,
}

/// The generated file's text, as committed.
pub async fn site_content_json(content_dir: &Path) -> anyhow::Result<String> {
    let store = MemoryPageStore::new();
    let mut slugs = Vec::new();
    for page in load_pages(&content_dir.join("pages"))? {
        store.put_page(&page).await?;
        slugs.push(page.slug);
    }
    // Sorted by slug already: one entry per page.
    slugs.dedup();
    let mut pages = BTreeMap::new();
    for slug in slugs {
        let parsed = Slug::parse(&slug).with_context(|| format!("page `{slug}`"))?;
        let mut by_lang = BTreeMap::new();
        for lang in Lang::ALL {
            // The same choice as the API's (English when a translation is missing).
            let served = content::app::page_in(&store, &parsed, lang).await?;
            by_lang.insert(lang.code(), PageDocument::from(served));
        }
        pages.insert(slug, by_lang);
    }
    let trial_line = Lang::ALL
        .into_iter()
        .map(|lang| {
            // Any instant: only the parts that are the same at every instant are kept.
            let answer = ContactAnswer::new(&TRIAL_LINE, DateTime::UNIX_EPOCH, lang);
            let details = TrialLineDetails {
                phone: answer.phone,
                hours: answer.hours,
                languages: answer.languages,
            };
            (lang.code(), details)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&SiteContent { pages, trial_line })?;
    text.push('\n');
    Ok(text)
}

/// Writes the generated file when its text differs (an unchanged file keeps its modification
/// time, so the site is not rebuilt for nothing); returns whether it wrote.
pub async fn write_site_content(content_dir: &Path, web_dir: &Path) -> anyhow::Result<bool> {
    let text = site_content_json(content_dir).await?;
    let path = content_file(web_dir);
    if std::fs::read_to_string(&path).is_ok_and(|current| current == text) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| parent.display().to_string())?;
    }
    std::fs::write(&path, text).with_context(|| path.display().to_string())?;
    Ok(true)
}
