//! The order of names that start with what was typed: the most mentioned term first (the
//! popularity prior), then shorter names, then alphabetical order; and where a plural's
//! singular ranks among them.

use glossary::domain::fold::normalize;
use glossary::domain::MatchKind::{NamePrefix, Substring};
use glossary::domain::{singular, MatchMode};
use shared::http::lang::Lang;

use crate::glossary_relevance::index;

/// (language, a prefix as typed, the first names that start with it, in order.) Names that
/// start with what was typed rank by how many other definitions mention the term (what most
/// people who type the prefix want), not by length: every row has a longer name before a
/// shorter one, which the shorter-first order would have swapped.
const PREFIX_ORDER: &[(Lang, &str, &[&str])] = &[
    (
        Lang::En,
        "leuk",
        &[
            "leukemia",
            "leukocyte",
            "leukopenia",
            "leukoplakia",
            "leukemic meningitis",
            "leukemic leptomeningitis",
            "Leukeran",
        ],
    ),
    (
        Lang::En,
        "chemo",
        &["chemotherapy", "chemoprotective agent", "chemosensitizer"],
    ),
    (
        Lang::En,
        "pros",
        &[
            "prostate",
            "prostate cancer",
            "prostate-specific antigen",
            "prostaglandin",
        ],
    ),
    (
        Lang::En,
        "meta",
        &["metabolism", "metastasis", "metastatic", "metallic"],
    ),
    (
        Lang::En,
        "immuno",
        &[
            "immunodeficiency",
            "immunotoxin",
            "immunomodulating agent",
            "immunotherapy",
        ],
    ),
    (
        Lang::Es,
        "quimio",
        &[
            "quimioterapia",
            "quimioterapia combinada",
            "quimiosensibilizador",
        ],
    ),
    (
        Lang::Es,
        "cance",
        &[
            "cáncer",
            "cáncer de mama",
            "cáncer de próstata",
            "cáncer de pulmón",
        ],
    ),
    (
        Lang::Es,
        "leuc",
        &[
            "leucemia",
            "leucemia linfocítica",
            "leucemia linfocítica crónica",
            "leucemia linfoblástica aguda",
            "leucovorina",
        ],
    ),
    (
        Lang::Es,
        "inmuno",
        &[
            "inmunodeficiencia",
            "inmunotoxina",
            "inmunoterapia",
            "inmunodepresor",
        ],
    ),
];

#[test]
fn name_prefixes_rank_the_most_mentioned_first() {
    let mut failures = Vec::new();
    for &(lang, prefix, expected) in PREFIX_ORDER {
        let page = index(lang).search(prefix, MatchMode::Smart, None, expected.len());
        let got: Vec<&str> = page.hits.iter().map(|hit| hit.term.name.as_str()).collect();
        if got != expected || page.hits.iter().any(|hit| hit.kind != NamePrefix) {
            failures.push(format!(
                "{lang} {prefix:?}: expected {expected:?}, got {got:?}"
            ));
        }
        let lengths: Vec<usize> = expected.iter().map(|n| n.chars().count()).collect();
        assert!(
            lengths.windows(2).any(|w| w[0] > w[1]),
            "{prefix:?}: a row that shorter-first order gives as well says nothing"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Over a long list of name prefixes (most of them mentioned by no other definition), the order
/// is: more mentions first, then the shorter name, then alphabetical order; and the mentions are
/// what the definitions say (`lymph node` is in many, a staging name in none).
#[test]
fn name_prefix_ties_go_to_the_shorter_name_then_alphabetical_order() {
    let index = index(Lang::En);
    let page = index.search("lymph", MatchMode::Smart, None, 200);
    let keys: Vec<(std::cmp::Reverse<u32>, usize, String)> = page
        .hits
        .iter()
        .filter(|hit| hit.kind == NamePrefix)
        .map(|hit| {
            let folded = normalize(&hit.term.name);
            let mentions = index.mentions(hit.term.id).expect("an indexed term");
            (std::cmp::Reverse(mentions), folded.chars().count(), folded)
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    assert!(keys.len() > 10);
    // Both tie-breaks are exercised: equal mentions with different lengths, and equal both.
    assert!(keys.windows(2).any(|w| w[0].0 == w[1].0 && w[0].1 < w[1].1));
    assert!(keys
        .windows(2)
        .any(|w| w[0].0 == w[1].0 && w[0].1 == w[1].1));
    let mentions = |name: &str| {
        let hit = page.hits.iter().find(|h| h.term.name == name).expect(name);
        index.mentions(hit.term.id).unwrap()
    };
    assert!(mentions("lymph node") > 50, "{}", mentions("lymph node"));
    assert_eq!(mentions("lymphoepithelioma"), 0);
}

/// A plural query word also finds its singular as a whole word, just after what matches as
/// typed; the singular is not a prefix being typed (`hypers` is not `hyper` halfway).
/// (language, query, the first names, in order.)
const PLURALS: &[(Lang, &str, &[&str])] = &[
    (Lang::En, "genetics", &["genetics", "genetic"]),
    (Lang::En, "hypers", &["hypersensitivity"]),
    (Lang::En, "neuros", &["neurosurgeon"]),
    (Lang::Es, "pólipos", &["pólipo", "poliposis"]),
    (Lang::Es, "ciclos", &["ciclosporina"]),
];

#[test]
fn a_plural_finds_its_singular_after_what_was_typed_and_never_as_a_prefix() {
    let mut failures = Vec::new();
    for &(lang, query, expected) in PLURALS {
        let page = index(lang).search(query, MatchMode::Smart, None, 10);
        let got: Vec<&str> = page.hits.iter().map(|hit| hit.term.name.as_str()).collect();
        if !got.starts_with(expected) {
            failures.push(format!(
                "{lang} {query:?}: expected {expected:?} first, got {got:?}"
            ));
        }
        // Every strict match holds the query as typed, or its singular as a whole word.
        let typed = normalize(query);
        let made_singular = singular(&typed).expect("a plural");
        for hit in page.hits.iter().filter(|hit| hit.kind < Substring) {
            let text = normalize(hit.matched);
            let whole = text.split(' ').any(|word| word == made_singular);
            if !text.contains(&typed) && !whole {
                failures.push(format!(
                    "{lang} {query:?}: {:?} ({:?})",
                    hit.matched, hit.kind
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
