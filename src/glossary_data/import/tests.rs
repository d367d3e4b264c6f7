//! The importer against twenty real NCI files (`tests/fixtures/glossary-xml`).

use super::*;
use crate::glossary_data::seedfile::{parse_seed, write_seed};
use glossary::domain::{Audience, Dictionary, MediaKind};

fn fixtures() -> Vec<Term> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossary-xml");
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
        stereotaxic
            .html
            .starts_with("Stereotactic is derived from the Greek words <em>stereos</em>, meaning"),
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
    assert!(parse_term("<GlossaryTerm id=\"x\"><TermName>a</TermName></GlossaryTerm>").is_err());
}

#[test]
fn the_seed_file_is_reproducible_and_round_trips() {
    let terms = fixtures();
    let (mut first, mut second) = (Vec::new(), Vec::new());
    write_seed(&terms, &mut first).unwrap();
    // The same terms read in another order give the same bytes.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossary-xml");
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
