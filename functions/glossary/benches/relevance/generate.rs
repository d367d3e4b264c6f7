//! The relevance benchmark's queries, generated from the committed NCI glossary with a fixed
//! seed: the same file and seed give the same queries, in every run and on every machine.

use std::collections::HashMap;

use glossary::domain::fold::normalize;
use glossary::domain::IndexSource;
use shared::http::lang::Lang;

use crate::typos::{mangle, with_typos, Rng};

/// The seed every set is drawn with.
pub const SEED: u64 = 0x1115_2026_1201;
/// Queries per set and language; more prefixes, whose MRR varies more from query to query.
pub const PER_SET: usize = 150;
pub const PREFIXES: usize = 600;

/// How a set is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// Pass when an expected term is within the top `n`.
    Top(usize),
    /// Reciprocal rank of the expected term within the top 10 (0 beyond).
    Mrr10,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Set {
    pub name: &'static str,
    pub score: Score,
}

pub const SETS: [Set; 10] = [
    Set {
        name: "exact",
        score: Score::Top(1),
    },
    Set {
        name: "case+accent",
        score: Score::Top(1),
    },
    Set {
        name: "alias",
        score: Score::Top(3),
    },
    Set {
        name: "one typo",
        score: Score::Top(3),
    },
    Set {
        name: "two typos",
        score: Score::Top(5),
    },
    Set {
        name: "question",
        score: Score::Top(3),
    },
    Set {
        name: "long name, one typo",
        score: Score::Top(3),
    },
    Set {
        name: "prefix (MRR@10)",
        score: Score::Mrr10,
    },
    Set {
        name: "prefix, popular targets (MRR@10)",
        score: Score::Mrr10,
    },
    Set {
        name: "prefix, held-out popular targets (MRR@10)",
        score: Score::Mrr10,
    },
];

/// The held-out set: targets drawn by the mentions in the definitions of the terms with an odd
/// id, answered by an index that is given only the other definitions (`held_out`), so that the
/// prior it ranks by and the draw it is scored on never read the same text.
pub const HELD_OUT: usize = 9;

/// Whether a term's definition belongs to the held-out half.
pub fn held_out(id: u64) -> bool {
    id % 2 == 1
}

#[derive(Debug, Clone)]
pub struct Query {
    pub set: usize,
    pub text: String,
    /// Ids of the terms that count as the answer (one name can belong to several terms).
    pub expected: Vec<u64>,
}

const QUESTIONS_EN: [&str; 8] = [
    "what is {}",
    "what is a {}",
    "what does {} mean",
    "{} definition",
    "define {}",
    "meaning of {}",
    "what are {}",
    "{} meaning",
];
const QUESTIONS_ES: [&str; 8] = [
    "qué es {}",
    "que es el {}",
    "qué significa {}",
    "definición de {}",
    "{} significado",
    "que es la {}",
    "significado de {}",
    "qué quiere decir {}",
];

/// Makes a query (and its answer) from a term, or declines.
type Maker<'a> = dyn FnMut(&IndexSource, &mut Rng) -> Option<(String, Vec<u64>)> + 'a;

/// Every set for one language's terms.
pub fn queries(lang: Lang, sources: &[IndexSource]) -> Vec<Query> {
    let mut rng = Rng::new(SEED ^ u64::from(lang == Lang::Es));
    // Terms by normalized name, and which normalized texts are names or aliases of whom.
    let mut by_name: HashMap<String, Vec<u64>> = HashMap::new();
    let mut by_alias: HashMap<String, Vec<u64>> = HashMap::new();
    for s in sources {
        by_name.entry(normalize(&s.name)).or_default().push(s.id);
        for alias in &s.aliases {
            by_alias.entry(normalize(alias)).or_default().push(s.id);
        }
    }
    let expected = |s: &IndexSource| by_name[&normalize(&s.name)].clone();
    let mut out = Vec::new();
    let draw = |set: usize, rng: &mut Rng, out: &mut Vec<Query>, make: &mut Maker| {
        let mut seen = std::collections::HashSet::new();
        let mut made = 0;
        let mut tries = 0;
        let wanted = if SETS[set].score == Score::Mrr10 {
            PREFIXES
        } else {
            PER_SET
        };
        while made < wanted && tries < wanted * 200 {
            tries += 1;
            let s = &sources[rng.below(sources.len())];
            if let Some((text, expected)) = make(s, rng) {
                if normalize(&text).is_empty() || !seen.insert(normalize(&text)) {
                    continue;
                }
                out.push(Query {
                    set,
                    text,
                    expected,
                });
                made += 1;
            }
        }
    };
    let typed = |s: &IndexSource| normalize(&s.name);
    draw(0, &mut rng, &mut out, &mut |s, _| {
        Some((s.name.clone(), expected(s)))
    });
    draw(1, &mut rng, &mut out, &mut |s, rng| {
        let m = mangle(&s.name, lang, rng);
        (m != s.name).then(|| (m, expected(s)))
    });
    draw(2, &mut rng, &mut out, &mut |s, rng| {
        if s.aliases.is_empty() {
            return None;
        }
        let alias = &s.aliases[rng.below(s.aliases.len())];
        let norm = normalize(alias);
        // Aliases that are not themselves names, and belong to this term only.
        (!by_name.contains_key(&norm) && by_alias[&norm].len() == 1)
            .then(|| (alias.clone(), vec![s.id]))
    });
    draw(3, &mut rng, &mut out, &mut |s, rng| {
        with_typos(&typed(s), 1, rng).map(|q| (q, expected(s)))
    });
    draw(4, &mut rng, &mut out, &mut |s, rng| {
        with_typos(&typed(s), 2, rng).map(|q| (q, expected(s)))
    });
    draw(5, &mut rng, &mut out, &mut |s, rng| {
        let forms: &[&str] = if lang == Lang::En {
            &QUESTIONS_EN
        } else {
            &QUESTIONS_ES
        };
        let form = forms[rng.below(forms.len())];
        let name = if rng.chance(0.5) {
            typed(s)
        } else {
            s.name.clone()
        };
        Some((form.replace("{}", &name), expected(s)))
    });
    draw(6, &mut rng, &mut out, &mut |s, rng| {
        let name = typed(s);
        if name.split(' ').count() < 4 {
            return None;
        }
        with_typos(&name, 1, rng).map(|q| (q, expected(s)))
    });
    draw(7, &mut rng, &mut out, &mut |s, rng| {
        let name: Vec<char> = typed(s).chars().collect();
        let len = 4 + rng.below(5);
        if name.len() <= len || name[len - 1] == ' ' {
            return None;
        }
        // The first of the terms this prefix was drawn for is the one to find (duplicates are
        // skipped above, so each prefix is asked once).
        Some((name[..len].iter().collect(), expected(s)))
    });
    // The same, with the term to find drawn in proportion to how many other definitions
    // mention it (what people reading the dictionary meet most), not uniformly; then drawn by
    // the held-out half of the definitions only.
    let all = references(sources, |_| true);
    let odd = references(sources, |s| held_out(s.id));
    for (set, refs) in [(8, all), (HELD_OUT, odd)] {
        out.extend(popular(set, sources, &refs, &expected, &mut rng));
    }
    out
}

/// `PREFIXES` prefix queries whose terms are drawn in proportion to `refs`.
fn popular(
    set: usize,
    sources: &[IndexSource],
    refs: &[u64],
    expected: &dyn Fn(&IndexSource) -> Vec<u64>,
    rng: &mut Rng,
) -> Vec<Query> {
    let total: u64 = refs.iter().sum();
    let mut cumulative = Vec::with_capacity(refs.len());
    let mut sum = 0;
    for r in refs {
        sum += r;
        cumulative.push(sum);
    }
    let mut popular = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut tries = 0;
    while popular.len() < PREFIXES && tries < PREFIXES * 200 && total > 0 {
        tries += 1;
        let pick = rng.next() % total;
        let s = &sources[cumulative.partition_point(|&c| c <= pick)];
        let name: Vec<char> = normalize(&s.name).chars().collect();
        let len = 4 + rng.below(5);
        if name.len() <= len || name[len - 1] == ' ' {
            continue;
        }
        let text: String = name[..len].iter().collect();
        if seen.insert(text.clone()) {
            popular.push(Query {
                set,
                text,
                expected: expected(s),
            });
        }
    }
    popular
}

/// For each term, how many other terms' definitions (of those `counted`) mention its name as
/// whole words. The benchmark's own count, kept apart from the index's prior on purpose.
fn references(sources: &[IndexSource], counted: impl Fn(&IndexSource) -> bool) -> Vec<u64> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (at, s) in sources.iter().enumerate() {
        index.entry(normalize(&s.name)).or_insert(at);
    }
    let longest = index
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1)
        .min(8);
    let mut refs = vec![0u64; sources.len()];
    for (at, s) in sources.iter().enumerate().filter(|(_, s)| counted(s)) {
        let Some(definition) = &s.definition else {
            continue;
        };
        let text = normalize(definition);
        let words: Vec<&str> = text.split(' ').collect();
        let mut mentioned = std::collections::HashSet::new();
        for i in 0..words.len() {
            let mut phrase = String::new();
            for word in words.iter().skip(i).take(longest) {
                if !phrase.is_empty() {
                    phrase.push(' ');
                }
                phrase.push_str(word);
                if let Some(&t) = index.get(&phrase) {
                    if t != at {
                        mentioned.insert(t);
                    }
                }
            }
        }
        for t in mentioned {
            refs[t] += 1;
        }
    }
    refs
}
