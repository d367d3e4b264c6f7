//! The search indexes, one per language, loaded once and then shared by every request.
//!
//! An index is loaded from the store's snapshot (what the seed command built from the seed file:
//! one small read for the head, one BatchGetItem per language, a decode of a few milliseconds).
//! When there is no snapshot, it is of another format, or its bytes are gone or damaged, the
//! index is built from the terms as before (seconds in Lambda), and a warning is logged: slower,
//! never wrong. At a Lambda cold start `Adapters::aws` calls `warm`; elsewhere the first request
//! that needs an index loads it. A failed load is retried by the next request.
//!
//! A warm instance reads the snapshot head again at most every `REFRESH` (one GetItem, in the
//! background of a request) and loads a newer version when the seed command has written one.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use shared::http::lang::Lang;

use super::GlossaryError;
use crate::domain::{snapshot_format, LangIndex};
use crate::store::{IndexSourceReader, SnapshotHead, SnapshotReader};

/// How often a warm instance looks for a newer snapshot.
pub const REFRESH: Duration = Duration::from_secs(60);

/// What the indexes are loaded from.
pub trait IndexStore: IndexSourceReader + SnapshotReader {}
impl<T: IndexSourceReader + SnapshotReader> IndexStore for T {}

#[derive(Clone)]
pub struct Indexes {
    store: Arc<dyn IndexStore>,
    refresh: Duration,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    current: RwLock<Current>,
    /// One load at a time: concurrent first requests wait for it rather than repeat it.
    loading: tokio::sync::Mutex<()>,
    checked: Mutex<Option<Instant>>,
}

#[derive(Default, Clone)]
struct Current {
    /// The snapshot version the indexes stand for; `None` when the store had none.
    version: Option<String>,
    langs: [Option<Arc<LangIndex>>; 2],
}

fn slot(lang: Lang) -> usize {
    usize::from(lang == Lang::Es)
}

impl Indexes {
    pub fn new(store: Arc<dyn IndexStore>) -> Self {
        Self {
            store,
            refresh: REFRESH,
            state: Arc::default(),
        }
    }

    /// Looks for a newer snapshot this often rather than every `REFRESH` (tests).
    pub fn refreshing_every(mut self, every: Duration) -> Self {
        self.refresh = every;
        self
    }

    /// The index of `lang`, loaded on first use.
    pub async fn index(&self, lang: Lang) -> Result<Arc<LangIndex>, GlossaryError> {
        if let Some(index) = self.loaded(lang) {
            self.refresh_in_background();
            return Ok(index);
        }
        let _loading = self.state.loading.lock().await;
        if let Some(index) = self.loaded(lang) {
            return Ok(index);
        }
        let head = self.store.snapshot_head().await?;
        let index = self.load(lang, head.as_ref()).await?;
        let mut current = self.state.current.write().expect("lock poisoned");
        current.version = head.map(|h| h.version);
        current.langs[slot(lang)] = Some(index.clone());
        *self.state.checked.lock().expect("lock poisoned") = Some(Instant::now());
        Ok(index)
    }

    /// Loads both indexes now rather than on the first requests, in parallel.
    pub async fn warm(&self) -> Result<(), GlossaryError> {
        let _loading = self.state.loading.lock().await;
        let head = self.store.snapshot_head().await?;
        self.load_all(head).await
    }

    /// Loads the current snapshot if it is not the one being served; whether it was.
    pub async fn refresh(&self) -> Result<bool, GlossaryError> {
        let _loading = self.state.loading.lock().await;
        *self.state.checked.lock().expect("lock poisoned") = Some(Instant::now());
        let head = self.store.snapshot_head().await?;
        let served = self
            .state
            .current
            .read()
            .expect("lock poisoned")
            .version
            .clone();
        if head.as_ref().map(|h| &h.version) == served.as_ref() {
            return Ok(false);
        }
        self.load_all(head).await?;
        tracing::info!("glossary indexes refreshed from a newer snapshot");
        Ok(true)
    }

    fn loaded(&self, lang: Lang) -> Option<Arc<LangIndex>> {
        self.state.current.read().expect("lock poisoned").langs[slot(lang)].clone()
    }

    /// Starts `refresh` when the last look is older than `refresh`; the request does not wait.
    fn refresh_in_background(&self) {
        {
            let mut checked = self.state.checked.lock().expect("lock poisoned");
            if checked.is_some_and(|at| at.elapsed() < self.refresh) {
                return;
            }
            *checked = Some(Instant::now());
        }
        let indexes = self.clone();
        tokio::spawn(async move {
            if let Err(error) = indexes.refresh().await {
                tracing::warn!(error = %error, "glossary snapshot not refreshed");
            }
        });
    }

    async fn load_all(&self, head: Option<SnapshotHead>) -> Result<(), GlossaryError> {
        let (en, es) = tokio::join!(
            self.load(Lang::En, head.as_ref()),
            self.load(Lang::Es, head.as_ref())
        );
        let next = Current {
            version: head.map(|h| h.version),
            langs: [Some(en?), Some(es?)],
        };
        *self.state.current.write().expect("lock poisoned") = next;
        *self.state.checked.lock().expect("lock poisoned") = Some(Instant::now());
        Ok(())
    }

    /// `lang`'s index from the snapshot `head` names, else built from the terms.
    async fn load(
        &self,
        lang: Lang,
        head: Option<&SnapshotHead>,
    ) -> Result<Arc<LangIndex>, GlossaryError> {
        let started = Instant::now();
        let reason = match head {
            None => "there is no snapshot".to_owned(),
            Some(head) if head.format != snapshot_format() => {
                format!("the snapshot is of format {}", head.format)
            }
            Some(head) => match self.store.snapshot_part(head, lang).await? {
                None => "the snapshot's chunks are gone".to_owned(),
                // Decoding takes milliseconds of CPU: off the async workers.
                Some(bytes) => {
                    match tokio::task::spawn_blocking(move || LangIndex::from_snapshot(&bytes))
                        .await
                        .map_err(GlossaryError::IndexBuild)?
                    {
                        Ok(index) => {
                            tracing::info!(
                                lang = lang.code(),
                                terms = index.len(),
                                version = head.version,
                                ms = started.elapsed().as_millis() as u64,
                                "glossary index loaded from the snapshot"
                            );
                            return Ok(Arc::new(index));
                        }
                        Err(error) => error.to_string(),
                    }
                }
            },
        };
        tracing::warn!(
            lang = lang.code(),
            reason,
            "glossary index built from the terms (run the seed command)"
        );
        let sources = self.store.index_sources(lang).await?;
        let index = tokio::task::spawn_blocking(move || LangIndex::build(lang, sources))
            .await
            .map_err(GlossaryError::IndexBuild)?;
        Ok(Arc::new(index))
    }
}
