//! Authored pages: Markdown with YAML front matter, rendered to sanitized HTML when loaded.
//!
//! Every `## Heading {#id}` starts a section; `## Question? {#id .faq}` starts a question whose
//! answer runs to the next `##`. The file format is described in `content/README.md`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use shared::http::lang::Lang;

use super::page::{CallToAction, Faq, Page, Section};
use super::slug::Slug;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    slug: String,
    lang: Lang,
    title: String,
    summary: String,
    updated_at: DateTime<Utc>,
    calls_to_action: Vec<CallToAction>,
}

/// Every page under `dir`, laid out as `<slug>/<lang>.md`, sorted by slug then language.
pub fn load_pages(dir: &Path) -> Result<Vec<Page>, SourceError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| SourceError::Io { path, source }
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let page_dir = entry.map_err(io(dir))?.path();
        if !page_dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&page_dir).map_err(io(&page_dir))? {
            let path = file.map_err(io(&page_dir))?.path();
            if path.extension().is_some_and(|ext| ext == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(io(path))?;
            let page = parse_page(&text).map_err(|message| SourceError::Invalid {
                path: path.clone(),
                message,
            })?;
            check_location(path, &page).map_err(|message| SourceError::Invalid {
                path: path.clone(),
                message,
            })?;
            Ok(page)
        })
        .collect()
}

/// The file's place must agree with its front matter, so that a copied file cannot shadow another.
fn check_location(path: &Path, page: &Page) -> Result<(), String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let dir = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem != page.lang.code() || dir != page.slug {
        return Err(format!(
            "front matter says {}/{} but the file is {dir}/{stem}.md",
            page.slug, page.lang
        ));
    }
    Ok(())
}

/// Parses and renders one page file.
pub fn parse_page(text: &str) -> Result<Page, String> {
    let (front, body) = split_front_matter(text)?;
    let meta: FrontMatter =
        serde_norway::from_str(front).map_err(|e| format!("front matter: {e}"))?;
    Slug::parse(&meta.slug).map_err(|e| format!("front matter: slug `{}` {e}", meta.slug))?;
    for cta in &meta.calls_to_action {
        if !(cta.href.starts_with('/') || cta.href.starts_with("https://")) {
            return Err(format!(
                "call to action `{}`: href must be a path or an https URL",
                cta.label
            ));
        }
    }
    let (sections, faqs) = render_body(body)?;
    Ok(Page {
        slug: meta.slug,
        lang: meta.lang,
        title: meta.title,
        summary: meta.summary,
        sections,
        faqs,
        calls_to_action: meta.calls_to_action,
        updated_at: meta.updated_at,
    })
}

fn split_front_matter(text: &str) -> Result<(&str, &str), String> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or("the file must start with a `---` front matter block")?;
    let end = rest
        .find("\n---\n")
        .or_else(|| rest.find("\n---\r\n"))
        .ok_or("the front matter block is not closed by `---`")?;
    let body_start = rest[end + 1..]
        .find('\n')
        .map_or(rest.len(), |i| end + 1 + i + 1);
    Ok((&rest[..end], &rest[body_start..]))
}

/// One `##` block while it is being collected.
struct Block<'a> {
    id: String,
    is_faq: bool,
    heading: String,
    events: Vec<Event<'a>>,
}

fn render_body(body: &str) -> Result<(Vec<Section>, Vec<Faq>), String> {
    let options = Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_heading: Option<Block> = None;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                classes,
                ..
            }) => in_heading = Some(new_block(id, &classes)?),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                let block = in_heading.take().expect("an H2 end follows its start");
                if block.heading.trim().is_empty() {
                    return Err(format!("heading `{}` has no text", block.id));
                }
                blocks.push(block);
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                return Err(
                    "level-1 headings are not allowed: the title comes from the front matter"
                        .into(),
                )
            }
            event => match (&mut in_heading, blocks.last_mut()) {
                (Some(heading), _) => heading.heading.push_str(&plain_text(&event)),
                (None, Some(block)) => block.events.push(event),
                (None, None) if is_blank(&event) => {}
                (None, None) => return Err("content must start with a `## Heading {#id}`".into()),
            },
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut sections = Vec::new();
    let mut faqs = Vec::new();
    for block in blocks {
        if !seen.insert(block.id.clone()) {
            return Err(format!("heading id `{}` is used twice", block.id));
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, block.events.into_iter());
        let html = sanitize(&html);
        if block.is_faq {
            faqs.push(Faq {
                id: block.id,
                question: block.heading,
                answer_html: html,
            });
        } else {
            sections.push(Section {
                id: block.id,
                heading: block.heading,
                html,
            });
        }
    }
    Ok((sections, faqs))
}

fn new_block<'a>(id: Option<CowStr<'a>>, classes: &[CowStr<'a>]) -> Result<Block<'a>, String> {
    let id = id.ok_or("every `##` heading needs an id: `## Heading {#some-id}`")?;
    Slug::parse(&id).map_err(|e| format!("heading id `{id}` {e}"))?;
    if let Some(unknown) = classes.iter().find(|class| class.as_ref() != "faq") {
        return Err(format!(
            "heading `{id}`: unknown class `.{unknown}` (only `.faq` is known)"
        ));
    }
    Ok(Block {
        id: id.to_string(),
        is_faq: !classes.is_empty(),
        heading: String::new(),
        events: Vec::new(),
    })
}

fn plain_text(event: &Event) -> String {
    match event {
        Event::Text(text) | Event::Code(text) => text.to_string(),
        Event::SoftBreak | Event::HardBreak => " ".to_owned(),
        _ => String::new(),
    }
}

fn is_blank(event: &Event) -> bool {
    matches!(event, Event::SoftBreak | Event::HardBreak)
        || matches!(event, Event::Text(t) if t.trim().is_empty())
}

/// Authored HTML still passes through the sanitizer: pages are data, and data is never trusted.
fn sanitize(html: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder.link_rel(Some("noopener noreferrer"));
        builder
    });
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "---\nslug: demo\nlang: en\ntitle: Demo\nsummary: A demo.\nupdated_at: 2026-01-02T03:04:05Z\ncalls_to_action: []\n---\n";

    fn page(body: &str) -> Result<Page, String> {
        parse_page(&format!("{HEAD}{body}"))
    }

    #[test]
    fn headings_split_sections_and_faqs() {
        let page =
            page("## Intro {#intro}\n\nHello *there*.\n\n## Why? {#why .faq}\n\n- one\n- two\n")
                .unwrap();
        assert_eq!(page.sections.len(), 1);
        assert_eq!(page.sections[0].id, "intro");
        assert_eq!(page.sections[0].heading, "Intro");
        assert_eq!(page.sections[0].html, "<p>Hello <em>there</em>.</p>\n");
        assert_eq!(page.faqs[0].question, "Why?");
        assert_eq!(
            page.faqs[0].answer_html,
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        );
    }

    #[test]
    fn html_is_sanitized() {
        let page = page("## A {#a}\n\n<script>alert(1)</script><a href=\"javascript:x\" onclick=\"y\">x</a>\n\nCall [t](tel:+18552160127).\n").unwrap();
        let html = &page.sections[0].html;
        assert!(
            !html.contains("script") && !html.contains("javascript") && !html.contains("onclick"),
            "{html}"
        );
        assert!(html.contains("href=\"tel:+18552160127\""), "{html}");
    }

    #[test]
    fn malformed_sources_are_refused_with_a_reason() {
        let cases = [
            ("no front matter", "## A {#a}\ntext", "front matter"),
            ("missing id", "## A\ntext", "needs an id"),
            (
                "text before heading",
                "text\n## A {#a}\n",
                "must start with",
            ),
            ("h1", "# Title\n", "level-1"),
            ("duplicate id", "## A {#a}\n## B {#a}\n", "used twice"),
            ("unknown class", "## A {#a .note}\n", "unknown class"),
        ];
        for (name, body, expected) in cases {
            let text = if name == "no front matter" {
                body.to_owned()
            } else {
                format!("{HEAD}{body}")
            };
            let error = parse_page(&text).unwrap_err();
            assert!(error.contains(expected), "{name}: {error}");
        }
    }

    #[test]
    fn front_matter_is_validated() {
        let bad_lang = HEAD.replace("lang: en", "lang: fr");
        assert!(parse_page(&format!("{bad_lang}## A {{#a}}\n"))
            .unwrap_err()
            .contains("front matter"));
        let bad_slug = HEAD.replace("slug: demo", "slug: Demo Page");
        assert!(parse_page(&format!("{bad_slug}## A {{#a}}\n"))
            .unwrap_err()
            .contains("slug"));
        let bad_href = HEAD.replace(
            "calls_to_action: []",
            "calls_to_action:\n  - {kind: donate, title: t, description: d, label: l, href: 'javascript:x'}",
        );
        assert!(parse_page(&format!("{bad_href}## A {{#a}}\n"))
            .unwrap_err()
            .contains("href"));
    }
}
