//! NCI's GlossaryTerm XML (one CDR document per term) converted into `Term`s.
//!
//! Slugs are made here, once, so that they stay the same wherever the terms are served; names
//! that occur twice in a language (`CTX`, `tPA`/`TPA`) are told apart by the term id.

mod aliases;
mod xml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use glossary::domain::fold::normalize;
use glossary::domain::{slugify, Definition, Entry, Media, NameInLang, Related, RelatedKind, Term};
use shared::http::lang::Lang;

use aliases::parse_aliases;
pub use xml::parse_term;

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
mod tests;
