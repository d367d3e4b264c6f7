use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::http::lang::Lang;

/// A page in one language, rendered and sanitized, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub slug: String,
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub sections: Vec<Section>,
    pub faqs: Vec<Faq>,
    pub calls_to_action: Vec<CallToAction>,
    pub updated_at: DateTime<Utc>,
}

impl Page {
    /// A digest of everything stored, so that re-seeding an unchanged page writes nothing.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("a Page always serializes");
        hex::encode(Sha256::digest(bytes))
    }

    pub fn summary(&self) -> PageSummary {
        PageSummary {
            slug: self.slug.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            updated_at: self.updated_at,
        }
    }
}

/// A part of a page under its own heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable across languages, usable as a URL fragment.
    pub id: String,
    pub heading: String,
    /// Sanitized HTML.
    pub html: String,
}

/// A frequently asked question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Faq {
    /// Stable across languages, usable as a URL fragment.
    pub id: String,
    pub question: String,
    /// Sanitized HTML.
    pub answer_html: String,
}

/// Something the page invites the reader to do next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallToAction {
    pub kind: CtaKind,
    pub title: String,
    pub description: String,
    /// The button or link text.
    pub label: String,
    /// A frontend path (`/glossary`) or an absolute https URL.
    pub href: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CtaKind {
    Glossary,
    CommunitySignup,
    ShareStory,
    Donate,
}

/// A page as listed: enough to link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub updated_at: DateTime<Utc>,
}
