//! The embedded adapter: in-process, the default for local runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use async_trait::async_trait;
use shared::http::lang::Lang;

use super::{
    DefinitionReader, IndexSourceReader, PartBytes, Piece, SnapshotHead, SnapshotPart,
    SnapshotReader, SnapshotWriter, StoreError, SyncReport, TermReader, TermWriter,
};
use crate::domain::{IndexSource, Term};

#[derive(Debug, Default)]
pub struct MemoryTermStore {
    inner: RwLock<Inner>,
}

/// A snapshot's bytes by language and piece.
type Parts = Vec<PartBytes>;

#[derive(Debug, Default)]
struct Inner {
    terms: BTreeMap<u64, Term>,
    slugs: HashMap<(Lang, String), u64>,
    snapshot: Option<(SnapshotHead, Parts)>,
}

impl MemoryTermStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `terms`, as the local server starts with.
    pub fn with_terms(terms: Vec<Term>) -> Self {
        let store = Self::new();
        store.replace(terms.into_iter().map(|t| (t.id, t)).collect());
        store
    }

    fn replace(&self, terms: BTreeMap<u64, Term>) {
        let slugs = terms
            .values()
            .flat_map(|t| t.langs().map(|(lang, e)| ((lang, e.slug.clone()), t.id)))
            .collect();
        let mut inner = self.inner.write().expect("lock poisoned");
        inner.terms = terms;
        inner.slugs = slugs;
    }
}

#[async_trait]
impl TermReader for MemoryTermStore {
    async fn by_slug(&self, lang: Lang, slug: &str) -> Result<Option<Term>, StoreError> {
        let inner = self.inner.read().expect("lock poisoned");
        Ok(inner
            .slugs
            .get(&(lang, slug.to_owned()))
            .and_then(|id| inner.terms.get(id))
            .cloned())
    }

    async fn by_id(&self, id: u64) -> Result<Option<Term>, StoreError> {
        Ok(self
            .inner
            .read()
            .expect("lock poisoned")
            .terms
            .get(&id)
            .cloned())
    }
}

#[async_trait]
impl IndexSourceReader for MemoryTermStore {
    async fn index_sources(&self, lang: Lang) -> Result<Vec<IndexSource>, StoreError> {
        let inner = self.inner.read().expect("lock poisoned");
        Ok(inner
            .terms
            .values()
            .filter_map(|t| t.index_source(lang))
            .collect())
    }
}

#[async_trait]
impl DefinitionReader for MemoryTermStore {
    async fn definitions(
        &self,
        lang: Lang,
        slugs: &[&str],
    ) -> Result<HashMap<String, String>, StoreError> {
        let inner = self.inner.read().expect("lock poisoned");
        Ok(slugs
            .iter()
            .filter_map(|&slug| {
                let term = inner
                    .terms
                    .get(inner.slugs.get(&(lang, slug.to_owned()))?)?;
                let text = term.entry(lang)?.primary_definition()?.text.clone();
                Some((slug.to_owned(), text))
            })
            .collect())
    }
}

#[async_trait]
impl TermWriter for MemoryTermStore {
    async fn sync_terms(&self, terms: &[Term]) -> Result<SyncReport, StoreError> {
        let mut report = SyncReport::default();
        let old: HashMap<(Lang, String), Term> = {
            let inner = self.inner.read().expect("lock poisoned");
            inner
                .terms
                .values()
                .flat_map(|t| {
                    t.langs()
                        .map(|(lang, e)| ((lang, e.slug.clone()), t.clone()))
                })
                .collect()
        };
        let mut kept = 0;
        for term in terms {
            for (lang, entry) in term.langs() {
                match old.get(&(lang, entry.slug.clone())) {
                    Some(existing) if existing == term => report.unchanged += 1,
                    Some(_) => report.updated += 1,
                    None => {
                        report.created += 1;
                        continue;
                    }
                }
                kept += 1;
            }
        }
        report.removed = old.len() - kept;
        self.replace(terms.iter().map(|t| (t.id, t.clone())).collect());
        Ok(report)
    }
}

#[async_trait]
impl SnapshotReader for MemoryTermStore {
    async fn snapshot_head(&self) -> Result<Option<SnapshotHead>, StoreError> {
        let inner = self.inner.read().expect("lock poisoned");
        Ok(inner.snapshot.as_ref().map(|(head, _)| head.clone()))
    }

    async fn snapshot_part(
        &self,
        head: &SnapshotHead,
        lang: Lang,
        piece: Piece,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let inner = self.inner.read().expect("lock poisoned");
        Ok(inner
            .snapshot
            .as_ref()
            .filter(|(current, _)| current.version == head.version)
            .and_then(|(_, parts)| parts.iter().find(|(l, p, _)| (*l, *p) == (lang, piece)))
            .map(|(_, _, bytes)| bytes.clone()))
    }
}

#[async_trait]
impl SnapshotWriter for MemoryTermStore {
    async fn put_snapshot(
        &self,
        format: u32,
        version: &str,
        parts: &[PartBytes],
    ) -> Result<bool, StoreError> {
        let mut inner = self.inner.write().expect("lock poisoned");
        if inner
            .snapshot
            .as_ref()
            .is_some_and(|(h, _)| h.format == format && h.version == version)
        {
            return Ok(false);
        }
        let head = SnapshotHead {
            format,
            version: version.to_owned(),
            parts: parts
                .iter()
                .map(|(lang, piece, bytes)| SnapshotPart {
                    lang: *lang,
                    piece: *piece,
                    bytes: bytes.len() as u64,
                    chunks: 1,
                })
                .collect(),
        };
        inner.snapshot = Some((head, parts.to_vec()));
        Ok(true)
    }
}
