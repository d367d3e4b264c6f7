//! A glossary term as stored (both languages in one record) and as served (one language).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::http::lang::Lang;

/// One NCI term with its English and Spanish entries, as the seed file and the stores hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// NCI's CDR id without the `CDR` prefix and zeros (`CDR0000044928` → 44928).
    pub id: u64,
    pub en: Entry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<Entry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_published: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<NaiveDate>,
}

/// A term in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    /// Unique within the language.
    pub slug: String,
    /// NCI's respelling, such as `(KAN-ser)`; NCI gives it for English names only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pronunciation: Option<String>,
    /// Other names, from the definitions' "Also called …" / "También se llama …".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<Definition>,
}

/// One definition, for one dictionary and audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// NCI's dictionary; absent where NCI names none.
    pub dictionary: Option<Dictionary>,
    pub audience: Audience,
    /// Plain text.
    pub text: String,
    /// Sanitized HTML: inline emphasis as `<em>`/`<i>`, references as links.
    pub html: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dictionary {
    /// The Dictionary of Cancer Terms (NCI's `Cancer.gov`).
    CancerTerms,
    /// The Dictionary of Genetics Terms.
    Genetics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Patient,
    HealthProfessional,
}

/// A picture or a pronunciation recording. Only ids and text: the files are not part of the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    /// NCI's CDR id of the media document.
    pub id: u64,
    pub kind: MediaKind,
    pub lang: Lang,
    /// Text alternative.
    pub alt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// An MP3 of the name being said.
    Pronunciation,
    /// A JPEG illustration.
    Image,
}

/// A link NCI lists under "More information".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    pub kind: RelatedKind,
    pub title: String,
    /// The language the link is meant for; `None` for both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// For external links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The CDR id of the target document (a glossary term, a cancer summary or a drug summary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<u64>,
    /// For glossary terms: the target's name and slug in each language, resolved at import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_names: Vec<NameInLang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameInLang {
    pub lang: Lang,
    pub name: String,
    pub slug: String,
}

impl Term {
    pub fn entry(&self, lang: Lang) -> Option<&Entry> {
        match lang {
            Lang::En => Some(&self.en),
            Lang::Es => self.es.as_ref(),
        }
    }

    /// The languages this term is published in, English first.
    pub fn langs(&self) -> impl Iterator<Item = (Lang, &Entry)> {
        std::iter::once((Lang::En, &self.en)).chain(self.es.as_ref().map(|es| (Lang::Es, es)))
    }

    /// A digest of the whole record, so that re-seeding an unchanged term writes nothing.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("a Term always serializes");
        hex::encode(&Sha256::digest(bytes)[..16])
    }
}

impl Entry {
    /// The definition shown where only one fits: the patient one from the cancer dictionary
    /// if there is one, else the first.
    pub fn primary_definition(&self) -> Option<&Definition> {
        self.definitions
            .iter()
            .find(|d| {
                d.audience == Audience::Patient && d.dictionary == Some(Dictionary::CancerTerms)
            })
            .or_else(|| {
                self.definitions
                    .iter()
                    .find(|d| d.audience == Audience::Patient)
            })
            .or_else(|| self.definitions.first())
    }
}
