//! NCI's GlossaryTerm XML (one CDR document per term) converted into `Term`s.
//!
//! Slugs are made here, once, so that they stay the same wherever the terms are served; names
//! that occur twice in a language (`CTX`, `tPA`/`TPA`) are told apart by the term id.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use roxmltree::{Document, Node};
use shared::http::lang::Lang;

use super::aliases::parse_aliases;
use super::fold::normalize;
use super::slug::slugify;
use super::term::{
    Audience, Definition, Dictionary, Entry, Media, MediaKind, NameInLang, Related, RelatedKind,
    Term,
};

/// Relative links in NCI's text point into this site.
const NCI_SITE: &str = "https://www.cancer.gov";

/// A term as read from one file, before slugs and cross-references are settled.
#[derive(Debug, Clone)]
pub struct RawTerm {
    pub id: u64,
    pub name: String,
    pub pronunciation: Option<String>,
    pub definitions: Vec<Definition>,
    pub es_name: Option<String>,
    pub es_definitions: Vec<Definition>,
    pub media: Vec<Media>,
    pub related: Vec<Related>,
    pub first_published: Option<NaiveDate>,
    pub last_modified: Option<NaiveDate>,
}

/// Reads every `*.xml` of a folder, or of a `.tar.gz` as NCI's export ships.
pub fn read_source(path: &Path) -> anyhow::Result<Vec<RawTerm>> {
    let mut terms = Vec::new();
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| p.extension().is_some_and(|ext| ext == "xml"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            terms.push(parse_term(&text).with_context(|| file.display().to_string())?);
        }
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        for entry in archive.entries().context("reading the archive")? {
            let mut entry = entry.context("reading the archive")?;
            let name = entry.path()?.to_string_lossy().into_owned();
            if !name.ends_with(".xml") {
                continue;
            }
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .with_context(|| format!("reading {name}"))?;
            terms.push(parse_term(&text).with_context(|| name.clone())?);
        }
    }
    if terms.is_empty() {
        bail!("no GlossaryTerm XML files in {}", path.display());
    }
    Ok(terms)
}

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

/// Settles slugs (unique per language, duplicates suffixed with the term id), aliases and
/// links between terms. The result is sorted by id, whatever order the files came in.
pub fn build_terms(mut raw: Vec<RawTerm>) -> anyhow::Result<Vec<Term>> {
    raw.sort_by_key(|term| term.id);
    if let Some(pair) = raw.windows(2).find(|pair| pair[0].id == pair[1].id) {
        bail!("term id {} occurs twice", pair[0].id);
    }
    let known_names: HashSet<String> = raw
        .iter()
        .flat_map(|t| std::iter::once(&t.name).chain(t.es_name.as_ref()))
        .map(|name| normalize(name))
        .collect();
    let en_slugs = unique_slugs(raw.iter().map(|t| (t.id, Some(t.name.as_str()))));
    let es_slugs = unique_slugs(raw.iter().map(|t| {
        let published = t.es_name.is_some() && !t.es_definitions.is_empty();
        (t.id, t.es_name.as_deref().filter(|_| published))
    }));
    let mut terms: Vec<Term> = raw
        .into_iter()
        .map(|t| {
            let entry =
                |name: String, slug: String, pronunciation, definitions: Vec<Definition>, lang| {
                    let mut aliases: Vec<String> = Vec::new();
                    let own = normalize(&name);
                    for definition in &definitions {
                        for alias in parse_aliases(&definition.text, lang, &known_names) {
                            let folded = normalize(&alias);
                            if folded != own && !aliases.iter().any(|a| normalize(a) == folded) {
                                aliases.push(alias);
                            }
                        }
                    }
                    Entry {
                        name,
                        slug,
                        pronunciation,
                        aliases,
                        definitions,
                    }
                };
            let en = entry(
                t.name,
                en_slugs[&t.id].clone(),
                t.pronunciation,
                t.definitions,
                Lang::En,
            );
            let es = match (t.es_name, es_slugs.get(&t.id)) {
                (Some(name), Some(slug)) => {
                    Some(entry(name, slug.clone(), None, t.es_definitions, Lang::Es))
                }
                _ => None,
            };
            Term {
                id: t.id,
                en,
                es,
                media: t.media,
                related: t.related,
                first_published: t.first_published,
                last_modified: t.last_modified,
            }
        })
        .collect();
    let names: HashMap<u64, Vec<NameInLang>> = terms
        .iter()
        .map(|term| {
            let names = term
                .langs()
                .map(|(lang, entry)| NameInLang {
                    lang,
                    name: entry.name.clone(),
                    slug: entry.slug.clone(),
                })
                .collect();
            (term.id, names)
        })
        .collect();
    for term in &mut terms {
        let own_id = term.id;
        term.related
            .retain(|r| r.target_id != Some(own_id) || r.kind != RelatedKind::GlossaryTerm);
        for related in &mut term.related {
            if related.kind == RelatedKind::GlossaryTerm {
                if let Some(target) = related.target_id.and_then(|id| names.get(&id)) {
                    related.target_names = target.clone();
                }
            }
        }
    }
    Ok(terms)
}

/// Slugs by term id; ids come in ascending order, so the oldest term keeps the plain slug.
fn unique_slugs<'a>(names: impl Iterator<Item = (u64, Option<&'a str>)>) -> BTreeMap<u64, String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut slugs = BTreeMap::new();
    let named: Vec<(u64, String)> = names
        .filter_map(|(id, name)| name.map(|n| (id, slugify(n))))
        .collect();
    // Plain slugs first, so that a suffixed one can never take a later term's plain slug.
    let plain: HashSet<&String> = named.iter().map(|(_, slug)| slug).collect();
    for (id, slug) in &named {
        let slug = if taken.insert(slug.clone()) {
            slug.clone()
        } else {
            let mut suffixed = format!("{slug}-{id}");
            while plain.contains(&suffixed) || !taken.insert(suffixed.clone()) {
                suffixed.push_str("-x");
            }
            suffixed
        };
        slugs.insert(*id, slug);
    }
    slugs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::seedfile::{parse_seed, write_seed};

    fn fixtures() -> Vec<Term> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        build_terms(read_source(&dir).unwrap()).unwrap()
    }

    fn term(terms: &[Term], id: u64) -> &Term {
        terms.iter().find(|t| t.id == id).unwrap()
    }

    #[test]
    fn a_term_keeps_names_definitions_aliases_pronunciation_media_and_dates() {
        let terms = fixtures();
        let t_cell = term(&terms, 44928);
        assert_eq!(t_cell.en.name, "T cell");
        assert_eq!(t_cell.en.slug, "t-cell");
        assert_eq!(t_cell.en.pronunciation.as_deref(), Some("(... sel)"));
        assert_eq!(t_cell.en.aliases, ["T lymphocyte", "thymocyte"]);
        let definition = &t_cell.en.definitions[0];
        assert_eq!(definition.audience, Audience::Patient);
        assert_eq!(definition.dictionary, Some(Dictionary::CancerTerms));
        assert!(definition
            .text
            .starts_with("A type of white blood cell. T cells"));
        assert!(!definition.text.contains("  "), "whitespace is collapsed");
        let es = t_cell.es.as_ref().unwrap();
        assert_eq!(
            (es.name.as_str(), es.slug.as_str()),
            ("célula T", "celula-t")
        );
        assert_eq!(es.aliases, ["linfocito T", "timocito"]);
        assert!(es.pronunciation.is_none());
        assert_eq!(t_cell.media.len(), 4);
        let image = t_cell
            .media
            .iter()
            .find(|m| m.kind == MediaKind::Image && m.lang == Lang::Es)
            .unwrap();
        assert_eq!(image.id, 553603);
        assert!(image
            .caption
            .as_deref()
            .unwrap()
            .starts_with("Evolución de una célula sanguínea."));
        assert!(image
            .alt
            .starts_with("Evolución de una célula sanguínea; el dibujo"));
        assert_eq!(t_cell.last_modified, NaiveDate::from_ymd_opt(2014, 10, 28));
        assert_eq!(
            term(&terms, 579858).first_published,
            NaiveDate::from_ymd_opt(2007, 12, 3)
        );
    }

    #[test]
    fn duplicate_names_get_distinct_slugs_by_id() {
        let terms = fixtures();
        assert_eq!(term(&terms, 635728).en.slug, "ctx");
        assert_eq!(term(&terms, 653110).en.slug, "ctx-653110");
        assert_eq!(term(&terms, 653110).es.as_ref().unwrap().slug, "ctx-653110");
        assert_eq!(term(&terms, 44864).en.slug, "tpa");
        assert_eq!(term(&terms, 377721).en.slug, "tpa-377721");
        assert_eq!(
            term(&terms, 44295).es.as_ref().unwrap().slug,
            "radioterapia"
        );
        assert_eq!(
            term(&terms, 44971).es.as_ref().unwrap().slug,
            "radioterapia-44971"
        );
        assert_eq!(term(&terms, 44971).en.slug, "radiation-therapy");
    }

    #[test]
    fn names_starting_with_digits_or_symbols_get_slugs() {
        let terms = fixtures();
        assert_eq!(term(&terms, 44752).en.slug, "5-fu");
        assert_eq!(term(&terms, 44486).en.slug, "3-d");
        assert_eq!(term(&terms, 613892).en.slug, "18f-spa-rq");
        assert_eq!(term(&terms, 613892).es.as_ref().unwrap().slug, "cr-asp-18f");
    }

    #[test]
    fn a_term_without_spanish_has_no_spanish_entry() {
        let terms = fixtures();
        let term = term(&terms, 339330);
        assert!(term.es.is_none());
        assert_eq!(
            term.en.definitions[0].dictionary,
            Some(Dictionary::Genetics)
        );
        assert_eq!(
            term.en.definitions[0].audience,
            Audience::HealthProfessional
        );
    }

    #[test]
    fn related_links_are_kept_and_glossary_terms_resolved_to_slugs() {
        let terms = fixtures();
        let imaging = term(&terms, 45720);
        assert_eq!(imaging.related.len(), 1);
        let scan = &imaging.related[0];
        assert_eq!(
            (scan.kind, scan.target_id),
            (RelatedKind::GlossaryTerm, Some(46570))
        );
        assert_eq!(
            scan.target_names,
            [
                NameInLang {
                    lang: Lang::En,
                    name: "scan".into(),
                    slug: "scan".into()
                },
                NameInLang {
                    lang: Lang::Es,
                    name: "exploración".into(),
                    slug: "exploracion".into()
                },
            ]
        );
        let lymphoma = term(&terms, 430862);
        let external: Vec<_> = lymphoma
            .related
            .iter()
            .map(|r| (r.kind, r.lang, r.url.as_deref(), r.title.as_str()))
            .collect();
        assert_eq!(
            external,
            [
                (
                    RelatedKind::External,
                    Some(Lang::En),
                    Some("https://www.cancer.gov/types/lymphoma"),
                    "Lymphoma"
                ),
                (
                    RelatedKind::External,
                    Some(Lang::Es),
                    Some("https://www.cancer.gov/espanol/tipos/linfoma"),
                    "Linfoma"
                ),
            ]
        );
        let drug = &term(&terms, 579858).related[0];
        assert_eq!(
            (drug.kind, drug.target_id, drug.title.as_str()),
            (
                RelatedKind::DrugSummary,
                Some(544267),
                "Cytarabine Liposome"
            )
        );
    }

    #[test]
    fn inline_markup_becomes_sanitized_html_and_plain_text() {
        let terms = fixtures();
        let stereotaxic = &term(&terms, 562684).en.definitions[0];
        assert!(
            stereotaxic.html.starts_with(
                "Stereotactic is derived from the Greek words <em>stereos</em>, meaning"
            ),
            "{}",
            stereotaxic.html
        );
        assert!(stereotaxic
            .text
            .starts_with("Stereotactic is derived from the Greek words stereos, meaning"));
        assert_eq!(stereotaxic.dictionary, None, "NCI names no dictionary here");
        let evidence = &term(&terms, 335120).en.definitions[0];
        assert!(evidence.html.contains(
            "<a href=\"https://www.cancer.gov/publications/pdq/levels-evidence/treatment\" rel=\"noopener noreferrer\">Levels of Evidence"
        ), "{}", evidence.html);
        let center = &term(&terms, 523437).es.as_ref().unwrap().definitions[0];
        assert!(
            center
                .html
                .contains("<a href=\"http://cancercenters.cancer.gov/\""),
            "{}",
            center.html
        );
    }

    #[test]
    fn hostile_markup_is_escaped_or_dropped() {
        let xml = r#"<GlossaryTerm id="CDR0000000001"><TermName>x &lt;script&gt;</TermName><TermDefinition><DefinitionText>See <ExternalRef xref="javascript:alert(1)">this</ExternalRef> &lt;b onclick="y"&gt;bold&lt;/b&gt;</DefinitionText><Audience>Patient</Audience></TermDefinition></GlossaryTerm>"#;
        let terms = build_terms(vec![parse_term(xml).unwrap()]).unwrap();
        let html = &terms[0].en.definitions[0].html;
        assert!(
            !html.contains("javascript") && !html.contains("<b"),
            "{html}"
        );
        assert_eq!(terms[0].en.name, "x <script>");
        assert_eq!(terms[0].en.slug, "x-script");
    }

    #[test]
    fn malformed_files_are_refused_with_a_reason() {
        assert!(parse_term("<GlossaryTerm>").is_err());
        assert!(parse_term("<Other id=\"CDR1\"/>")
            .unwrap_err()
            .to_string()
            .contains("GlossaryTerm"));
        assert!(parse_term("<GlossaryTerm id=\"CDR1\"/>")
            .unwrap_err()
            .to_string()
            .contains("TermName"));
        assert!(
            parse_term("<GlossaryTerm id=\"x\"><TermName>a</TermName></GlossaryTerm>").is_err()
        );
    }

    #[test]
    fn the_seed_file_is_reproducible_and_round_trips() {
        let terms = fixtures();
        let (mut first, mut second) = (Vec::new(), Vec::new());
        write_seed(&terms, &mut first).unwrap();
        // The same terms read in another order give the same bytes.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut raw = read_source(&dir).unwrap();
        raw.reverse();
        write_seed(&build_terms(raw).unwrap(), &mut second).unwrap();
        assert_eq!(first, second);
        assert_eq!(
            &first[..10],
            &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff],
            "no mtime, no name"
        );
        let decoded = parse_seed(std::io::BufReader::new(flate2::read::GzDecoder::new(
            &first[..],
        )))
        .unwrap();
        assert_eq!(decoded, terms);
    }
}
