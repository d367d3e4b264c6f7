//! The term page's answer, and the schema of the stored term's parts it shows. The part types
//! carry the same names as their domain counterparts, which are also the OpenAPI schema names.

use chrono::NaiveDate;
use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use super::source::Source;
use crate::domain::{self, Term};

/// One term in one language, with everything a term page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct TermDocument {
    #[schema(example = 44928)]
    pub id: u64,
    /// The language served; also in `Content-Language`. English when the term has no Spanish entry.
    pub lang: Lang,
    #[schema(example = "T cell")]
    pub name: String,
    /// The slug in the served language: the canonical URL name.
    #[schema(example = "t-cell")]
    pub slug: String,
    /// NCI's respelling, such as `(KAN-ser)` (English names only).
    pub pronunciation: Option<String>,
    /// Other names of the term.
    pub aliases: Vec<String>,
    /// One per dictionary and audience; the patient definition of the cancer dictionary first.
    pub definitions: Vec<Definition>,
    /// Every language the term is published in.
    pub available_langs: Vec<Lang>,
    /// The term in the other language, for a language switch.
    pub other_language: Option<NameInLang>,
    /// Glossary terms NCI lists as related, in the served language.
    pub related_terms: Vec<RelatedTerm>,
    /// Other reading NCI suggests, for the served language.
    pub related_links: Vec<RelatedLink>,
    /// Illustrations and pronunciation recordings in the served language (ids and text only).
    pub media: Vec<Media>,
    pub first_published: Option<NaiveDate>,
    pub last_modified: Option<NaiveDate>,
    /// The term's page on cancer.gov.
    #[schema(example = "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/44928")]
    pub nci_url: String,
    pub source: Source,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedTerm {
    pub id: u64,
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedLink {
    pub kind: RelatedKind,
    pub title: String,
    /// For external links.
    pub url: Option<String>,
    /// NCI's CDR id of a linked summary.
    pub target_id: Option<u64>,
}

/// One definition, for one dictionary and audience.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Definition {
    /// NCI's dictionary; absent where NCI names none.
    pub dictionary: Option<Dictionary>,
    pub audience: Audience,
    /// Plain text.
    pub text: String,
    /// Sanitized HTML: inline emphasis as `<em>`/`<i>`, references as links.
    pub html: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dictionary {
    /// The Dictionary of Cancer Terms (NCI's `Cancer.gov`).
    CancerTerms,
    /// The Dictionary of Genetics Terms.
    Genetics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Patient,
    HealthProfessional,
}

/// A picture or a pronunciation recording. Only ids and text: the files are not part of the data.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Media {
    /// NCI's CDR id of the media document.
    #[schema(example = 728205)]
    pub id: u64,
    pub kind: MediaKind,
    pub lang: Lang,
    /// Text alternative.
    pub alt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// An MP3 of the name being said.
    Pronunciation,
    /// A JPEG illustration.
    Image,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelatedKind {
    GlossaryTerm,
    /// An NCI PDQ cancer information summary.
    Summary,
    /// An NCI drug information summary.
    DrugSummary,
    External,
}

/// A term's name and slug in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NameInLang {
    pub lang: Lang,
    #[schema(example = "célula T")]
    pub name: String,
    #[schema(example = "celula-t")]
    pub slug: String,
}

impl TermDocument {
    /// `term` as shown in `lang`, which the caller chose among its published languages.
    pub fn new(term: Term, lang: Lang) -> Self {
        let entry = term
            .entry(lang)
            .expect("the caller chose a published language");
        let available_langs: Vec<Lang> = term.langs().map(|(l, _)| l).collect();
        let other_language = term
            .langs()
            .find(|(l, _)| *l != lang)
            .map(|(l, e)| NameInLang {
                lang: l,
                name: e.name.clone(),
                slug: e.slug.clone(),
            });
        let mut definitions = entry.definitions.clone();
        if let Some(primary) = entry.primary_definition() {
            let primary = primary.clone();
            definitions.retain(|d| *d != primary);
            definitions.insert(0, primary);
        }
        let related_terms = term
            .related
            .iter()
            .filter(|r| r.kind == domain::RelatedKind::GlossaryTerm)
            .filter_map(|r| {
                let target = r.target_names.iter().find(|n| n.lang == lang)?;
                Some(RelatedTerm {
                    id: r.target_id?,
                    name: target.name.clone(),
                    slug: target.slug.clone(),
                })
            })
            .collect();
        let related_links = term
            .related
            .iter()
            .filter(|r| {
                r.kind != domain::RelatedKind::GlossaryTerm && r.lang.is_none_or(|l| l == lang)
            })
            .map(|r| RelatedLink {
                kind: r.kind.into(),
                title: r.title.clone(),
                url: r.url.clone(),
                target_id: r.target_id,
            })
            .collect();
        let nci_url = match lang {
            Lang::En => format!(
                "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/{}",
                term.id
            ),
            Lang::Es => format!(
                "https://www.cancer.gov/espanol/publicaciones/diccionarios/diccionario-cancer/def/{}",
                term.id
            ),
        };
        TermDocument {
            id: term.id,
            lang,
            name: entry.name.clone(),
            slug: entry.slug.clone(),
            pronunciation: entry.pronunciation.clone(),
            aliases: entry.aliases.clone(),
            definitions: definitions.into_iter().map(Into::into).collect(),
            available_langs,
            other_language,
            related_terms,
            related_links,
            media: term
                .media
                .iter()
                .filter(|m| m.lang == lang)
                .cloned()
                .map(Into::into)
                .collect(),
            first_published: term.first_published,
            last_modified: term.last_modified,
            nci_url,
            source: Source::nci(lang),
        }
    }
}

impl From<domain::Definition> for Definition {
    fn from(d: domain::Definition) -> Self {
        Self {
            dictionary: d.dictionary.map(|dictionary| match dictionary {
                domain::Dictionary::CancerTerms => Dictionary::CancerTerms,
                domain::Dictionary::Genetics => Dictionary::Genetics,
            }),
            audience: match d.audience {
                domain::Audience::Patient => Audience::Patient,
                domain::Audience::HealthProfessional => Audience::HealthProfessional,
            },
            text: d.text,
            html: d.html,
        }
    }
}

impl From<domain::Media> for Media {
    fn from(m: domain::Media) -> Self {
        Self {
            id: m.id,
            kind: match m.kind {
                domain::MediaKind::Pronunciation => MediaKind::Pronunciation,
                domain::MediaKind::Image => MediaKind::Image,
            },
            lang: m.lang,
            alt: m.alt,
            caption: m.caption,
        }
    }
}

impl From<domain::RelatedKind> for RelatedKind {
    fn from(kind: domain::RelatedKind) -> Self {
        match kind {
            domain::RelatedKind::GlossaryTerm => RelatedKind::GlossaryTerm,
            domain::RelatedKind::Summary => RelatedKind::Summary,
            domain::RelatedKind::DrugSummary => RelatedKind::DrugSummary,
            domain::RelatedKind::External => RelatedKind::External,
        }
    }
}
