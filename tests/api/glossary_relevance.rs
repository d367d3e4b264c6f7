//! The relevance table: queries a patient types, in English and Spanish, with the results they
//! should see first. Every kind of match is here: exact name, exact alias, name prefix, word
//! prefix, substring and typos; and folding of case, accents, punctuation and plurals.

use std::sync::OnceLock;

use glossary::domain::{LangIndex, MatchKind, MatchMode};
use shared::http::lang::Lang;

use crate::helpers::bundled_terms;

use MatchKind::{ExactAlias, ExactName, Fuzzy, NamePrefix, Partial, Substring, WordPrefix};

pub(crate) fn index(lang: Lang) -> &'static LangIndex {
    static INDEXES: OnceLock<[LangIndex; 2]> = OnceLock::new();
    let indexes = INDEXES.get_or_init(|| {
        Lang::ALL.map(|lang| {
            let sources = bundled_terms()
                .iter()
                .filter_map(|t| t.index_source(lang))
                .collect();
            LangIndex::build(lang, sources)
        })
    });
    &indexes[usize::from(lang == Lang::Es)]
}

/// (language, query, the first results in order, how the first one matched)
const TABLE: &[(Lang, &str, &[&str], MatchKind)] = &[
    // English: case and accent folding.
    (Lang::En, "cancer", &["cancer", "malignancy"], ExactName),
    (Lang::En, "CANCER", &["cancer", "malignancy"], ExactName),
    (Lang::En, "cáncer", &["cancer"], ExactName),
    // Aliases ("Also called …").
    (
        Lang::En,
        "T lymphocyte",
        &["T lymphocyte", "T cell", "thymocyte"],
        ExactName,
    ),
    (
        Lang::En,
        "thymocyte",
        &["thymocyte", "T cell", "T lymphocyte"],
        ExactName,
    ),
    (
        Lang::En,
        "keytruda",
        &["Keytruda", "pembrolizumab"],
        ExactName,
    ),
    (Lang::En, "opdivo", &["Opdivo", "nivolumab"], ExactName),
    (
        Lang::En,
        "white blood cell",
        &["white blood cell", "WBC", "leukocyte"],
        ExactName,
    ),
    (
        Lang::En,
        "blood cancer",
        &["blood cancer", "hematologic cancer"],
        ExactName,
    ),
    // Punctuation and spacing.
    (Lang::En, "5-fu", &["5-FU"], ExactName),
    (Lang::En, "5fu", &["5-FU"], ExactName),
    (Lang::En, "3-d", &["3-D", "3-dimensional"], ExactName),
    (
        Lang::En,
        "car t",
        &[
            "CAR T-cell therapy",
            "chimeric antigen receptor T-cell therapy",
        ],
        NamePrefix,
    ),
    // Plurals.
    (
        Lang::En,
        "clinical trials",
        &["clinical trial", "clinical study"],
        ExactName,
    ),
    (Lang::En, "tumors", &["tumor", "neoplasm"], ExactName),
    (
        Lang::En,
        "hodgkins",
        // The name prefixes of the singular, the one more definitions mention first.
        &["Hodgkin lymphoma", "Hodgkin disease"],
        NamePrefix,
    ),
    // Prefixes.
    (Lang::En, "t cel", &["T cell"], NamePrefix),
    (Lang::En, "chemo", &["chemotherapy"], NamePrefix),
    (
        Lang::En,
        "non hodgkin",
        &["non-Hodgkin lymphoma"],
        NamePrefix,
    ),
    (
        Lang::En,
        "bone marrow transplant",
        &["bone marrow transplantation"],
        NamePrefix,
    ),
    (Lang::En, "brca", &["BRCA1", "BRCA2"], NamePrefix),
    (
        Lang::En,
        "checkpoint inhibitor",
        &["immune checkpoint inhibitor"],
        WordPrefix,
    ),
    (
        Lang::En,
        "marrow transplant",
        &["bone marrow transplantation"],
        WordPrefix,
    ),
    // Substrings.
    (
        Lang::En,
        "otherapy",
        &["biotherapy", "aurotherapy", "cryotherapy", "monotherapy"],
        Substring,
    ),
    (
        Lang::En,
        "ymphoma",
        &["lymphoma", "MALT lymphoma"],
        Substring,
    ),
    // Typos: one for words of 5–8 characters, two from 9.
    (Lang::En, "imunotherapy", &["immunotherapy"], Fuzzy),
    (Lang::En, "chemotheraphy", &["chemotherapy"], Fuzzy),
    (Lang::En, "metastatis", &["metastasis"], Fuzzy),
    (Lang::En, "ipilimumub", &["ipilimumab"], Fuzzy),
    (
        Lang::En,
        "monoclonal antibodie",
        &["monoclonal antibody"],
        Fuzzy,
    ),
    (Lang::En, "clinical trails", &["clinical trial"], Fuzzy),
    (Lang::En, "tumour", &["tumor"], Fuzzy),
    (Lang::En, "oncologyst", &["oncologist"], Fuzzy),
    (Lang::En, "lymphocite", &["lymphocyte"], Fuzzy),
    (Lang::En, "leukemai", &["leukemia"], Fuzzy),
    (Lang::En, "breast cancr", &["breast cancer"], Fuzzy),
    (Lang::En, "cancer vacine", &["cancer vaccine"], Fuzzy),
    // Spanish: accents are optional, and so are the plural and the typo.
    (
        Lang::Es,
        "cancer",
        &["cáncer", "neoplasia maligna"],
        ExactName,
    ),
    (
        Lang::Es,
        "cáncer",
        &["cáncer", "neoplasia maligna"],
        ExactName,
    ),
    (Lang::Es, "metastasis", &["metástasis"], ExactName),
    (Lang::Es, "quimioterapía", &["quimioterapia"], ExactName),
    (Lang::Es, "celula t", &["célula T"], ExactName),
    (Lang::Es, "cancer de mama", &["cáncer de mama"], ExactName),
    (
        Lang::Es,
        "cancer de pulmon",
        &["cáncer de pulmón"],
        ExactName,
    ),
    (Lang::Es, "medula osea", &["médula ósea"], ExactName),
    (
        Lang::Es,
        "ensayo clinico",
        &["ensayo clínico", "estudio clínico"],
        ExactName,
    ),
    (
        Lang::Es,
        "ensayos clinicos",
        &["ensayo clínico", "estudio clínico"],
        ExactName,
    ),
    (
        Lang::Es,
        "efectos secundarios",
        &["efecto secundario"],
        ExactName,
    ),
    (Lang::Es, "mamografia", &["mamografía"], ExactName),
    (
        Lang::Es,
        "linfocito T",
        &["linfocito T", "célula T", "timocito"],
        ExactName,
    ),
    (
        Lang::Es,
        "timocito",
        &["timocito", "célula T", "linfocito T"],
        ExactName,
    ),
    (Lang::Es, "mama", &["mama", "glándula mamaria"], ExactName),
    (
        Lang::Es,
        "globulo blanco",
        &["glóbulo blanco", "GB", "leucocito"],
        ExactName,
    ),
    (
        Lang::Es,
        "vph",
        &["VPH", "virus del papiloma humano"],
        ExactName,
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
        NamePrefix,
    ),
    (Lang::Es, "quimio", &["quimioterapia"], NamePrefix),
    (
        Lang::Es,
        "inhibidor de puntos de control",
        &["inhibidor de puntos de control inmunitario"],
        NamePrefix,
    ),
    (
        Lang::Es,
        "celular adoptiva",
        &["terapia celular adoptiva", "inmunoterapia celular adoptiva"],
        WordPrefix,
    ),
    (
        Lang::Es,
        "oterapia",
        &["bioterapia", "auroterapia", "crioterapia", "fototerapia"],
        Substring,
    ),
    (Lang::Es, "infoma", &["linfoma"], Substring),
    (Lang::Es, "inmunoterapai", &["inmunoterapia"], Fuzzy),
    (Lang::Es, "leucemai", &["leucemia"], Fuzzy),
    (
        Lang::Es,
        "trasplante medula",
        &["trasplante de médula ósea"],
        Fuzzy,
    ),
];

/// Results further down the list: (language, query, a name among the results, its match kind).
const FINDS: &[(Lang, &str, &str, MatchKind)] = &[
    (Lang::En, "cel", "T cell", WordPrefix),
    (Lang::En, "lymphocyte", "T cell", WordPrefix),
    (Lang::En, "therapy", "immunotherapy", Substring),
    (
        Lang::En,
        "immunotherapy",
        "cellular adoptive immunotherapy",
        WordPrefix,
    ),
    (Lang::Es, "terapia", "inmunoterapia", Substring),
    (Lang::Es, "mama", "cáncer de mama", WordPrefix),
    (Lang::Es, "linfocito", "célula T", WordPrefix),
];

#[test]
fn the_relevance_table_holds() {
    assert!(TABLE.len() >= 40);
    let mut failures = Vec::new();
    for &(lang, query, expected, kind) in TABLE {
        let page = index(lang).search(query, MatchMode::Smart, None, expected.len());
        let got: Vec<&str> = page.hits.iter().map(|hit| hit.term.name.as_str()).collect();
        let first_kind = page.hits.first().map(|hit| hit.kind);
        if got != expected || first_kind != Some(kind) {
            failures.push(format!(
                "{lang} {query:?}: expected {expected:?} ({kind:?}), got {got:?} ({first_kind:?})"
            ));
        }
    }
    for &(lang, query, name, kind) in FINDS {
        let page = index(lang).search(query, MatchMode::Smart, None, 1000);
        let hit = page.hits.iter().find(|hit| hit.term.name == name);
        if hit.map(|hit| hit.kind) != Some(kind) {
            failures.push(format!(
                "{lang} {query:?}: expected {name:?} as {kind:?}, got {:?}",
                hit.map(|h| h.kind)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} relevance failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_kind_is_covered_in_both_languages() {
    for lang in Lang::ALL {
        for kind in [ExactName, NamePrefix, WordPrefix, Substring, Fuzzy] {
            assert!(
                TABLE.iter().any(|&(l, _, _, k)| l == lang && k == kind),
                "{lang} lacks a {kind:?} case"
            );
        }
        assert!(TABLE
            .iter()
            .any(|&(l, _, expected, _)| l == lang && expected.len() > 1));
    }
    // Exact aliases rank second behind an exact name above; alone they rank first.
    let page = index(Lang::En).search("thymocyte", MatchMode::Smart, None, 2);
    assert_eq!(page.hits[1].kind, ExactAlias);
}

/// (language, query, the term expected in the top three, how it matched): questions, a letter
/// left out of a short word, one misspelt or one extra word. None of these found anything when
/// every word had to match within the allowance of the word as typed.
const RECOVERED: &[(Lang, &str, &str, MatchKind)] = &[
    (Lang::En, "what is leukemia", "leukemia", ExactName),
    (
        Lang::En,
        "What does metastasis mean?",
        "metastasis",
        ExactName,
    ),
    (Lang::En, "biopsy definition", "biopsy", ExactName),
    (Lang::En, "tumr", "tumor", Fuzzy),
    (
        Lang::En,
        "stage IV transitional cell cancer of the renl pelvis",
        "stage IV transitional cell cancer of the renal pelvis and ureter",
        Fuzzy,
    ),
    (Lang::En, "leukemia treatmentt", "leukemia", Partial),
    (Lang::Es, "¿Qué es la leucemia?", "leucemia", ExactName),
    (Lang::Es, "definición de biopsia", "biopsia", ExactName),
    (Lang::Es, "tumr", "tumor", Fuzzy),
    (Lang::Es, "leucemia tratamientoo", "leucemia", Partial),
];

#[test]
fn questions_short_typos_and_extra_words_still_find_the_term() {
    let mut failures = Vec::new();
    for &(lang, query, name, kind) in RECOVERED {
        let page = index(lang).search(query, MatchMode::Smart, None, 3);
        let hit = page.hits.iter().find(|hit| hit.term.name == name);
        if hit.map(|hit| hit.kind) != Some(kind) {
            let got: Vec<_> = page.hits.iter().map(|h| (&h.term.name, h.kind)).collect();
            failures.push(format!(
                "{lang} {query:?}: expected {name:?} as {kind:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn partial_matches_rank_below_full_ones_and_never_alone_for_nonsense() {
    // "cancer" and "vaccine" both match "cancer vaccine"; a misspelt third word only makes
    // the full match impossible, so every result is partial, fewest words missing first.
    let page = index(Lang::En).search("cancer vaccine xqzzvw", MatchMode::Smart, None, 50);
    assert_eq!(page.hits[0].term.name, "cancer vaccine");
    assert!(page.hits.iter().all(|hit| hit.kind == Partial));
    let keys: Vec<&[u8]> = page.hits.iter().map(|hit| hit.key.as_slice()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    // With full matches present, partial ones come after all of them.
    let page = index(Lang::En).search("cancer vaccine", MatchMode::Smart, None, 50);
    assert_eq!(page.hits[0].kind, ExactName);
    let first_partial = page.hits.iter().position(|hit| hit.kind == Partial);
    let last_full = page.hits.iter().rposition(|hit| hit.kind != Partial);
    assert!(first_partial.is_none_or(|p| last_full.is_some_and(|f| f < p)));
    // Nothing close to any word: still nothing.
    assert_eq!(
        index(Lang::En)
            .search("xqzzvw qqxxj", MatchMode::Smart, None, 3)
            .total,
        0
    );
}
