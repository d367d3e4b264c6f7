//! The search indexes, one per language, built from the store on first use and then shared.
//!
//! At a Lambda cold start `Adapters::aws` calls `warm`, so that both are built during init (which
//! runs at full CPU, before the first request); elsewhere (the local server, tests) they are
//! built by the first request that needs them. A failed build is retried by the next request.

use std::sync::Arc;

use shared::http::lang::Lang;
use tokio::sync::OnceCell;

use super::GlossaryError;
use crate::domain::LangIndex;
use crate::store::IndexSourceReader;

#[derive(Clone)]
pub struct Indexes {
    sources: Arc<dyn IndexSourceReader>,
    built: Arc<[OnceCell<Arc<LangIndex>>; 2]>,
}

impl Indexes {
    pub fn new(sources: Arc<dyn IndexSourceReader>) -> Self {
        Self {
            sources,
            built: Arc::new([OnceCell::new(), OnceCell::new()]),
        }
    }

    /// The index of `lang`, built on first use.
    pub async fn index(&self, lang: Lang) -> Result<Arc<LangIndex>, GlossaryError> {
        let cell = &self.built[usize::from(lang == Lang::Es)];
        let index = cell
            .get_or_try_init(|| async {
                let sources = self.sources.index_sources(lang).await?;
                // Building takes milliseconds of CPU: off the async workers.
                let index = tokio::task::spawn_blocking(move || LangIndex::build(lang, sources))
                    .await
                    .map_err(GlossaryError::IndexBuild)?;
                tracing::info!(
                    lang = lang.code(),
                    terms = index.len(),
                    "glossary index built"
                );
                Ok::<_, GlossaryError>(Arc::new(index))
            })
            .await?;
        Ok(index.clone())
    }

    /// Builds both indexes now rather than on the first requests.
    pub async fn warm(&self) -> Result<(), GlossaryError> {
        for lang in Lang::ALL {
            self.index(lang).await?;
        }
        Ok(())
    }
}
