//! The search indexes, one per language, loaded once and then shared by every request.
//!
//! An index is loaded from the store's snapshot (what the seed command built from the seed file:
//! one small read for the head, one BatchGetItem per language, a decode of a few milliseconds).
//! When there is no snapshot, it is of another format, or its bytes are gone or damaged, the
//! index is built from the terms as before (seconds in Lambda), and a warning is logged: slower,
//! never wrong. At a Lambda cold start `Adapters::aws` calls `prepare` (the head only); the
//! first request that needs an index loads it, and the other language's loads after that
//! answer. A failed load is retried by the next request.
//!
//! A warm instance reads the snapshot head again at most every `REFRESH` (one GetItem, in the
//! background of a request) and loads a newer version when the seed command has written one.
//!
//! A snapshot's index holds no definitions (`domain::snapshot`): they are its second piece,
//! which the first answer starts loading in the background. Until it is in, an answer reads its
//! hits' definitions from their term items (one BatchGetItem of at most 100 small reads), so
//! every answer is the same either way.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use shared::http::lang::Lang;

use super::{GlossaryError, TermHit};
use crate::domain::{snapshot_format, Definitions, LangIndex};
use crate::store::{DefinitionReader, IndexSourceReader, Piece, SnapshotHead, SnapshotReader};

/// How often a warm instance looks for a newer snapshot.
pub const REFRESH: Duration = Duration::from_secs(60);

/// What the indexes are loaded from.
pub trait IndexStore: IndexSourceReader + SnapshotReader + DefinitionReader {}
impl<T: IndexSourceReader + SnapshotReader + DefinitionReader> IndexStore for T {}

#[derive(Clone)]
pub struct Indexes {
    store: Arc<dyn IndexStore>,
    refresh: Duration,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    current: RwLock<Current>,
    /// The head `prepare` read, for the first load to use instead of reading it again.
    prepared: Mutex<Option<Option<SnapshotHead>>>,
    /// One load at a time: concurrent first requests wait for it rather than repeat it.
    loading: tokio::sync::Mutex<()>,
    checked: Mutex<Option<Instant>>,
}

#[derive(Default, Clone)]
struct Current {
    /// The snapshot version the indexes stand for; `None` when the store had none.
    version: Option<String>,
    langs: [Option<Arc<Served>>; 2],
}

/// One language's index as served, and where its hits' definitions come from.
pub struct Served {
    pub index: Arc<LangIndex>,
    /// `None` when the index holds them (built from the terms).
    definitions: Option<Later>,
}

/// The definitions piece of the snapshot an index was loaded from, once it is in.
struct Later {
    head: SnapshotHead,
    loaded: OnceLock<Definitions>,
    /// Set while (or once) a background load is under way, so that one runs at a time.
    claimed: AtomicBool,
}

impl Served {
    fn built(index: LangIndex) -> Arc<Self> {
        Arc::new(Self {
            index: Arc::new(index),
            definitions: None,
        })
    }
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

    /// The index of `lang`, loaded on first use (from a snapshot: without definitions).
    pub async fn index(&self, lang: Lang) -> Result<Arc<LangIndex>, GlossaryError> {
        Ok(self.served(lang).await?.index.clone())
    }

    /// The index of `lang` as served, loaded on first use; answers from it are completed by
    /// `complete`.
    pub async fn served(&self, lang: Lang) -> Result<Arc<Served>, GlossaryError> {
        if let Some(index) = self.loaded(lang) {
            self.refresh_in_background();
            return Ok(index);
        }
        let _loading = self.state.loading.lock().await;
        if let Some(index) = self.loaded(lang) {
            return Ok(index);
        }
        let prepared = self.state.prepared.lock().expect("lock poisoned").take();
        let head = match prepared {
            Some(head) => head,
            None => self.store.snapshot_head().await?,
        };
        let other = self.state.current.read().expect("lock poisoned").clone();
        let version = head.as_ref().map(|h| h.version.clone());
        if other.langs.iter().any(Option::is_some) && other.version != version {
            // The other language was loaded from an older snapshot: both from this one, so that
            // the two never stand for different versions.
            self.load_all(head).await?;
            return Ok(self.loaded(lang).expect("both loaded"));
        }
        let index = self.load(lang, head.as_ref()).await?;
        let mut current = self.state.current.write().expect("lock poisoned");
        current.version = version;
        current.langs[slot(lang)] = Some(index.clone());
        *self.state.checked.lock().expect("lock poisoned") = Some(Instant::now());
        Ok(index)
    }

    /// Reads the snapshot head now (opening the store's connection), so that the first request
    /// loads only its own language's index from it; the other language loads after that
    /// answer, in the background. A Lambda's init calls this: a cold start then waits for one
    /// index, not two.
    pub async fn prepare(&self) -> Result<(), GlossaryError> {
        let head = self.store.snapshot_head().await?;
        *self.state.prepared.lock().expect("lock poisoned") = Some(head);
        Ok(())
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

    /// Gives `hits`, answered from `served`, their terms' definitions: from the snapshot's
    /// definitions once loaded, else from the term items (and starts loading them).
    pub async fn complete(
        &self,
        lang: Lang,
        served: &Served,
        hits: &mut [TermHit],
    ) -> Result<(), GlossaryError> {
        let Some(later) = &served.definitions else {
            return Ok(());
        };
        if let Some(definitions) = later.loaded.get() {
            for hit in hits {
                hit.term.definition = definitions.get(hit.term.id).map(str::to_owned);
            }
            return Ok(());
        }
        if !hits.is_empty() {
            let slugs: Vec<&str> = hits.iter().map(|h| h.term.slug.as_str()).collect();
            let mut found: HashMap<String, String> = self.store.definitions(lang, &slugs).await?;
            for hit in hits {
                hit.term.definition = found.remove(&hit.term.slug);
            }
        }
        // After this answer's own read, so that the megabytes do not delay it.
        self.load_rest_in_background();
        Ok(())
    }

    /// Loads, in a task of its own, the index of a language no request has needed yet, then
    /// the definitions of every served index that waits for them.
    fn load_rest_in_background(&self) {
        let missing: Vec<Lang> = Lang::ALL
            .into_iter()
            .filter(|&lang| self.loaded(lang).is_none())
            .collect();
        if missing.is_empty() {
            return self.load_definitions_in_background();
        }
        let indexes = self.clone();
        tokio::spawn(async move {
            for lang in missing {
                if let Err(error) = indexes.served(lang).await {
                    tracing::warn!(lang = lang.code(), error = %error, "glossary index not loaded");
                }
            }
            indexes.load_definitions_in_background();
        });
    }

    /// Whether `lang`'s index is loaded (from a snapshot or built).
    pub fn is_loaded(&self, lang: Lang) -> bool {
        self.loaded(lang).is_some()
    }

    /// Whether `lang`'s answers take their definitions from memory (the index's own or the
    /// snapshot's, loaded) rather than from the term items.
    pub fn definitions_loaded(&self, lang: Lang) -> bool {
        self.loaded(lang).is_some_and(|served| {
            served
                .definitions
                .as_ref()
                .is_none_or(|later| later.loaded.get().is_some())
        })
    }

    /// Loads the definitions of every served index that waits for them, one language after
    /// the other, in a task of its own.
    fn load_definitions_in_background(&self) {
        let current = self.state.current.read().expect("lock poisoned").clone();
        let waiting: Vec<(Lang, Arc<Served>)> = Lang::ALL
            .into_iter()
            .filter_map(|lang| Some((lang, current.langs[slot(lang)].clone()?)))
            .filter(|(_, served)| {
                served.definitions.as_ref().is_some_and(|later| {
                    later.loaded.get().is_none() && !later.claimed.swap(true, Ordering::AcqRel)
                })
            })
            .collect();
        if waiting.is_empty() {
            return;
        }
        let store = self.store.clone();
        tokio::spawn(async move {
            for (lang, served) in waiting {
                let later = served.definitions.as_ref().expect("only those waiting");
                let started = Instant::now();
                let loaded = match store
                    .snapshot_part(&later.head, lang, Piece::Definitions)
                    .await
                {
                    Ok(Some(bytes)) => {
                        tokio::task::spawn_blocking(move || Definitions::from_snapshot(&bytes))
                            .await
                            .map_err(|e| e.to_string())
                            .and_then(|decoded| decoded.map_err(|e| e.to_string()))
                    }
                    // A later seed replaced the snapshot: a refresh loads the new one.
                    Ok(None) => Err("the snapshot's definitions are gone".to_owned()),
                    Err(error) => {
                        // Worth another try at the next answer.
                        later.claimed.store(false, Ordering::Release);
                        Err(error.to_string())
                    }
                };
                match loaded {
                    Ok(definitions) => {
                        tracing::info!(
                            lang = lang.code(),
                            definitions = definitions.len(),
                            ms = started.elapsed().as_millis() as u64,
                            "glossary definitions loaded from the snapshot"
                        );
                        let _ = later.loaded.set(definitions);
                    }
                    Err(reason) => tracing::warn!(
                        lang = lang.code(),
                        reason,
                        "glossary definitions not loaded; answers read them from the terms"
                    ),
                }
            }
        });
    }

    fn loaded(&self, lang: Lang) -> Option<Arc<Served>> {
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
    ) -> Result<Arc<Served>, GlossaryError> {
        let started = Instant::now();
        let reason = match head {
            None => "there is no snapshot".to_owned(),
            Some(head) if head.format != snapshot_format() => {
                format!("the snapshot is of format {}", head.format)
            }
            Some(head) => match self.store.snapshot_part(head, lang, Piece::Index).await? {
                None => "the snapshot's chunks are gone".to_owned(),
                // Decoding takes milliseconds of CPU: off the async workers.
                Some(bytes) => {
                    let fetched = started.elapsed();
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
                                // Where a cold start's time goes: the read, then the decode.
                                fetch_ms = fetched.as_millis() as u64,
                                "glossary index loaded from the snapshot"
                            );
                            return Ok(Arc::new(Served {
                                index: Arc::new(index),
                                definitions: Some(Later {
                                    head: head.clone(),
                                    loaded: OnceLock::new(),
                                    claimed: AtomicBool::new(false),
                                }),
                            }));
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
        Ok(Served::built(index))
    }
}
