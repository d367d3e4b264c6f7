//! Prefix MRR without the luck of the draw: for each prefix asked, the mean reciprocal rank over
//! every term the generator could have drawn for it (a name that starts with it and is longer),
//! each as likely as the uniform draw makes it. Any order of the names under a prefix has the
//! same expected value here; what moves it is what ranks above those names, or below the ten.

use std::collections::HashMap;

use glossary::domain::fold::normalize;
use glossary::domain::IndexSource;

use crate::generate::Query;
use crate::Answers;

pub fn uniform_mrr(
    sources: &[IndexSource],
    queries: &[Query],
    answers: &Answers,
    set: usize,
) -> f64 {
    // A name drawn from `n` terms is the target `n` times as often.
    let mut names: HashMap<String, Vec<u64>> = HashMap::new();
    for s in sources {
        names.entry(normalize(&s.name)).or_default().push(s.id);
    }
    let mut names: Vec<(String, Vec<u64>)> = names.into_iter().collect();
    names.sort_unstable();
    let (mut sum, mut n) = (0.0, 0);
    for (q, got) in queries.iter().zip(answers) {
        if q.set != set {
            continue;
        }
        let chars = q.text.chars().count();
        let from = names.partition_point(|(name, _)| name.as_str() < q.text.as_str());
        let (mut weighted, mut weight) = (0.0, 0.0);
        for (name, ids) in names[from..]
            .iter()
            .take_while(|(name, _)| name.starts_with(&q.text))
        {
            if name.chars().count() <= chars {
                continue;
            }
            let rank = got.iter().position(|id| ids.contains(id));
            weighted += ids.len() as f64 * rank.map_or(0.0, |r| 1.0 / (r as f64 + 1.0));
            weight += ids.len() as f64;
        }
        if weight > 0.0 {
            sum += weighted / weight;
            n += 1;
        }
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}
