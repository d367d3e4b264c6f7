//! One NCI `GlossaryTerm` XML document read into a `RawTerm`: names, definitions (text and
//! sanitized HTML), media and related links.

use std::collections::HashSet;
use std::sync::LazyLock;

use anyhow::{bail, Context};
use glossary::domain::{Audience, Definition, Dictionary, Media, MediaKind, Related, RelatedKind};
use roxmltree::{Document, Node};
use shared::http::lang::Lang;

use super::RawTerm;

/// Relative links in NCI's text point into this site.
const NCI_SITE: &str = "https://www.cancer.gov";

/// Parses one `GlossaryTerm` document.
pub fn parse_term(xml: &str) -> anyhow::Result<RawTerm> {
    // The files carry an empty `<!DOCTYPE GlossaryTerm >`, which roxmltree accepts only when asked.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = Document::parse_with_options(xml, options).context("not well-formed XML")?;
    let root = doc.root_element();
    if root.tag_name().name() != "GlossaryTerm" {
        bail!("the root element is not GlossaryTerm");
    }
    let id = cdr_id(root.attribute("id").context("GlossaryTerm has no id")?)
        .context("GlossaryTerm id is not a CDR id")?;
    let child_text = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .map(|n| {
                collapse(
                    &n.descendants()
                        .filter(|d| d.is_text())
                        .filter_map(|d| d.text())
                        .collect::<String>(),
                )
            })
            .filter(|text| !text.is_empty())
    };
    let name = child_text("TermName").context("no TermName")?;
    let mut raw = RawTerm {
        id,
        name,
        pronunciation: child_text("TermPronunciation"),
        definitions: Vec::new(),
        es_name: child_text("SpanishTermName"),
        es_definitions: Vec::new(),
        media: Vec::new(),
        related: Vec::new(),
        first_published: child_text("DateFirstPublished").and_then(|d| d.parse().ok()),
        last_modified: child_text("DateLastModified").and_then(|d| d.parse().ok()),
    };
    for node in root.children().filter(Node::is_element) {
        match node.tag_name().name() {
            "TermDefinition" => raw.definitions.extend(definition(node)),
            "SpanishTermDefinition" => raw.es_definitions.extend(definition(node)),
            "MediaLink" => {
                if let Some(media) = media(node) {
                    if !raw
                        .media
                        .iter()
                        .any(|m| m.id == media.id && m.lang == media.lang)
                    {
                        raw.media.push(media);
                    }
                }
            }
            "RelatedInformation" => {
                for link in node.children().filter(Node::is_element) {
                    if let Some(related) = related(link) {
                        if !raw.related.contains(&related) {
                            raw.related.push(related);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(raw)
}

/// `CDR0000044928` → 44928.
fn cdr_id(text: &str) -> Option<u64> {
    text.strip_prefix("CDR")?.parse().ok()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn definition(node: Node) -> Option<Definition> {
    let child = |name: &str| node.children().find(|n| n.has_tag_name(name));
    let text_node = child("DefinitionText")?;
    let mut text = String::new();
    let mut html = String::new();
    render_inline(text_node, &mut text, &mut html);
    let text = collapse(&text);
    if text.is_empty() {
        return None;
    }
    let dictionary = match child("Dictionary").and_then(|n| n.text()).map(str::trim) {
        Some("Cancer.gov") => Some(Dictionary::CancerTerms),
        Some("Genetics") => Some(Dictionary::Genetics),
        _ => None,
    };
    let audience = match child("Audience").and_then(|n| n.text()).map(str::trim) {
        Some("Health professional") => Audience::HealthProfessional,
        _ => Audience::Patient,
    };
    Some(Definition {
        dictionary,
        audience,
        text,
        html: sanitize(&collapse(&html)),
    })
}

/// Walks NCI's inline markup, writing plain text and HTML side by side.
fn render_inline(node: Node, text: &mut String, html: &mut String) {
    for child in node.children() {
        if let Some(t) = child.text().filter(|_| child.is_text()) {
            text.push_str(t);
            html.push_str(&escape(t));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let (open, close) = match child.tag_name().name() {
            "Emphasis" => ("<em>".to_owned(), "</em>"),
            "ForeignWord" | "ScientificName" | "GeneName" => ("<i>".to_owned(), "</i>"),
            "SummaryRef" => match child.attribute("url") {
                Some(url) if url.starts_with('/') => (
                    format!("<a href=\"{}\">", escape(&format!("{NCI_SITE}{url}"))),
                    "</a>",
                ),
                _ => (String::new(), ""),
            },
            "ExternalRef" => match child.attribute("xref") {
                Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                    (format!("<a href=\"{}\">", escape(url)), "</a>")
                }
                _ => (String::new(), ""),
            },
            _ => (String::new(), ""),
        };
        html.push_str(&open);
        render_inline(child, text, html);
        html.push_str(close);
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The HTML is built here from escaped text, and still passes the sanitizer: data is never trusted.
fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .add_tags(["em", "i", "a"])
            .add_tag_attributes("a", ["href"])
            .url_schemes(HashSet::from(["http", "https"]))
            .link_rel(Some("noopener noreferrer"));
        builder
    });
    CLEANER.clean(html).to_string()
}

fn media(node: Node) -> Option<Media> {
    let kind = match node.attribute("type")? {
        "audio/mpeg" => MediaKind::Pronunciation,
        "image/jpeg" => MediaKind::Image,
        _ => return None,
    };
    Some(Media {
        id: cdr_id(node.attribute("ref")?)?,
        kind,
        lang: Lang::from_code(node.attribute("language")?)?,
        alt: collapse(node.attribute("alt").unwrap_or_default()),
        caption: node
            .children()
            .find(|n| n.has_tag_name("Caption"))
            .and_then(|n| n.text())
            .map(collapse)
            .filter(|caption| !caption.is_empty()),
    })
}

fn related(node: Node) -> Option<Related> {
    let title = collapse(
        &node
            .descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect::<String>(),
    );
    let lang = node.attribute("UseWith").and_then(Lang::from_code);
    let (kind, url, target_id) = match node.tag_name().name() {
        "RelatedExternalRef" => {
            let url = node.attribute("xref")?;
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return None;
            }
            // cancer.gov serves https only; the 2016 export still says http.
            let url = url.replacen("http://www.cancer.gov", "https://www.cancer.gov", 1);
            (RelatedKind::External, Some(url), None)
        }
        "RelatedSummaryRef" => (RelatedKind::Summary, None, cdr_id(node.attribute("href")?)),
        "RelatedDrugSummaryRef" => (
            RelatedKind::DrugSummary,
            None,
            cdr_id(node.attribute("href")?),
        ),
        "RelatedGlossaryTermRef" => (
            RelatedKind::GlossaryTerm,
            None,
            cdr_id(node.attribute("href")?),
        ),
        _ => return None,
    };
    Some(Related {
        kind,
        title,
        lang,
        url,
        target_id,
        target_names: Vec::new(),
    })
}
