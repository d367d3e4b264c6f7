//! What the content routes answer, as documented in the OpenAPI: built from the domain, never
//! stored.

use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use crate::app::ServedPage;
use crate::domain;

/// The pages published in one language.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageList {
    pub lang: Lang,
    pub pages: Vec<PageSummary>,
}

/// A page as listed: enough to link to it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PageSummary {
    #[schema(example = "clinical-trials-overview")]
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub updated_at: DateTime<Utc>,
}

/// A whole page as served.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PageDocument {
    #[schema(example = "clinical-trials-overview")]
    pub slug: String,
    /// The language served; also in `Content-Language`.
    pub lang: Lang,
    /// Every language this page exists in.
    pub available_langs: Vec<Lang>,
    pub title: String,
    pub summary: String,
    pub sections: Vec<Section>,
    pub faqs: Vec<Faq>,
    pub calls_to_action: Vec<CallToAction>,
    pub updated_at: DateTime<Utc>,
}

/// A part of a page under its own heading.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Section {
    /// Stable across languages, usable as a URL fragment.
    #[schema(example = "eligibility")]
    pub id: String,
    pub heading: String,
    /// Sanitized HTML.
    pub html: String,
}

/// A frequently asked question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Faq {
    /// Stable across languages, usable as a URL fragment.
    #[schema(example = "what-are-clinical-trials")]
    pub id: String,
    pub question: String,
    /// Sanitized HTML.
    pub answer_html: String,
}

/// Something the page invites the reader to do next.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CallToAction {
    pub kind: CtaKind,
    pub title: String,
    pub description: String,
    /// The button or link text.
    pub label: String,
    /// A frontend path (`/glossary`) or an absolute https URL.
    pub href: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CtaKind {
    Glossary,
    CommunitySignup,
    ShareStory,
    Donate,
}

impl From<domain::PageSummary> for PageSummary {
    fn from(page: domain::PageSummary) -> Self {
        let domain::PageSummary {
            slug,
            title,
            summary,
            updated_at,
        } = page;
        Self {
            slug,
            title,
            summary,
            updated_at,
        }
    }
}

impl From<ServedPage> for PageDocument {
    fn from(served: ServedPage) -> Self {
        let page = served.page;
        Self {
            slug: page.slug,
            lang: page.lang,
            available_langs: served.available_langs,
            title: page.title,
            summary: page.summary,
            sections: page.sections.into_iter().map(Section::from).collect(),
            faqs: page.faqs.into_iter().map(Faq::from).collect(),
            calls_to_action: page.calls_to_action.into_iter().map(Into::into).collect(),
            updated_at: page.updated_at,
        }
    }
}

impl From<domain::Section> for Section {
    fn from(section: domain::Section) -> Self {
        let domain::Section { id, heading, html } = section;
        Self { id, heading, html }
    }
}

impl From<domain::Faq> for Faq {
    fn from(faq: domain::Faq) -> Self {
        let domain::Faq {
            id,
            question,
            answer_html,
        } = faq;
        Self {
            id,
            question,
            answer_html,
        }
    }
}

impl From<domain::CallToAction> for CallToAction {
    fn from(cta: domain::CallToAction) -> Self {
        Self {
            kind: match cta.kind {
                domain::CtaKind::Glossary => CtaKind::Glossary,
                domain::CtaKind::CommunitySignup => CtaKind::CommunitySignup,
                domain::CtaKind::ShareStory => CtaKind::ShareStory,
                domain::CtaKind::Donate => CtaKind::Donate,
            },
            title: cta.title,
            description: cta.description,
            label: cta.label,
            href: cta.href,
        }
    }
}
