//! The embedded adapter: in-process, the default for local runs.

use std::collections::BTreeMap;
use std::sync::RwLock;

use async_trait::async_trait;
use shared::http::lang::Lang;

use super::{PageReader, PageWriter, PutOutcome, StoreError};
use crate::domain::{Page, PageSummary, Slug};

#[derive(Debug, Default)]
pub struct MemoryPageStore {
    pages: RwLock<BTreeMap<(String, Lang), Page>>,
}

impl MemoryPageStore {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl PageReader for MemoryPageStore {
    async fn list_pages(&self, lang: Lang) -> Result<Vec<PageSummary>, StoreError> {
        let pages = self.pages.read().expect("lock poisoned");
        Ok(pages
            .values()
            .filter(|page| page.lang == lang)
            .map(Page::summary)
            .collect())
    }

    async fn translations(&self, slug: &Slug) -> Result<Vec<Page>, StoreError> {
        let pages = self.pages.read().expect("lock poisoned");
        Ok(Lang::ALL
            .iter()
            .filter_map(|lang| pages.get(&(slug.as_str().to_owned(), *lang)).cloned())
            .collect())
    }
}

#[async_trait]
impl PageWriter for MemoryPageStore {
    async fn put_page(&self, page: &Page) -> Result<PutOutcome, StoreError> {
        let mut pages = self.pages.write().expect("lock poisoned");
        let key = (page.slug.clone(), page.lang);
        let outcome = match pages.get(&key) {
            Some(existing) if existing == page => return Ok(PutOutcome::Unchanged),
            Some(_) => PutOutcome::Updated,
            None => PutOutcome::Created,
        };
        pages.insert(key, page.clone());
        Ok(outcome)
    }
}
