//! NCI's credit, carried by every glossary answer as NCI asks.

use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

/// Where the glossary comes from, and how to credit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Source {
    #[schema(example = "NCI Dictionary of Cancer Terms")]
    pub name: &'static str,
    #[schema(example = "National Cancer Institute")]
    pub publisher: &'static str,
    /// The dictionary on cancer.gov, in the answer's language.
    #[schema(example = "https://www.cancer.gov/publications/dictionaries/cancer-terms")]
    pub url: &'static str,
    #[schema(example = "Public domain. Credit the National Cancer Institute as the source.")]
    pub licence: &'static str,
    /// A credit line to show with the definitions, in the answer's language.
    pub credit: &'static str,
}

impl Source {
    pub fn nci(lang: Lang) -> Self {
        match lang {
            Lang::En => Self {
                name: "NCI Dictionary of Cancer Terms",
                publisher: "National Cancer Institute",
                url: "https://www.cancer.gov/publications/dictionaries/cancer-terms",
                licence: "Public domain. Credit the National Cancer Institute as the source.",
                credit: "Definitions from the NCI Dictionary of Cancer Terms, National Cancer Institute (public domain).",
            },
            Lang::Es => Self {
                name: "Diccionario de cáncer del NCI",
                publisher: "Instituto Nacional del Cáncer",
                url: "https://www.cancer.gov/espanol/publicaciones/diccionarios/diccionario-cancer",
                licence: "Public domain. Credit the National Cancer Institute as the source.",
                credit: "Definiciones del Diccionario de cáncer del NCI, Instituto Nacional del Cáncer (dominio público).",
            },
        }
    }
}
