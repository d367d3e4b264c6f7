//! The committed glossary seed file, and loading it with the operator's seed command.

use crate::dynamodb_local;
use crate::helpers::bundled_terms;
use crate::seed::run_seed_command;

#[test]
fn the_committed_seed_file_holds_the_whole_dictionary() {
    let terms = bundled_terms();
    assert_eq!(terms.len(), 8092);
    assert_eq!(terms.iter().filter(|t| t.es.is_some()).count(), 7916);
    assert!(terms.iter().all(|t| !t.en.definitions.is_empty()));
    let t_cell = terms.iter().find(|t| t.id == 44928).unwrap();
    assert_eq!(t_cell.en.aliases, ["T lymphocyte", "thymocyte"]);
    let readme =
        std::fs::read_to_string(immunoguide::default_content_dir().join("glossary/README.md"))
            .unwrap();
    assert!(
        readme.contains("National Cancer Institute"),
        "the credit is beside the data"
    );
}

#[test]
fn the_seed_command_loads_the_glossary_idempotently_and_prints_counts() {
    let endpoint = dynamodb_local::endpoint();
    let prefix = format!("gcli{}-", std::process::id());
    let run = || run_seed_command(&endpoint, &prefix);
    let first = run();
    assert!(
        first.contains(&format!("created table {prefix}glossary")),
        "{first}"
    );
    assert!(
        first.contains("glossary terms (one item per term and language): 16008 created, 0 updated, 0 unchanged, 0 removed"),
        "{first}"
    );
    assert!(
        first.lines().count() < 20,
        "counts, not a line per term:\n{first}"
    );
    let snapshot = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("glossary index snapshot "))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no snapshot line:\n{out}"))
    };
    assert!(snapshot(&first).ends_with(": written"), "{first}");
    let second = run();
    assert!(
        second.contains("glossary terms (one item per term and language): 0 created, 0 updated, 16008 unchanged, 0 removed"),
        "{second}"
    );
    assert_eq!(
        snapshot(&second),
        snapshot(&first).replace(": written", ": unchanged"),
        "the same terms are the same snapshot version, not written again"
    );
}
