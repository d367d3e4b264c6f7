//! The operator's seed command: idempotent, and it says what it did.

use std::process::Command;

use content::store::{DynamoPageStore, MemoryPageStore, PageReader};
use immunoguide::seed::seed_pages;
use shared::http::lang::Lang;

use crate::dynamodb_local;

/// `immunoguide seed --create-tables` against `endpoint` with tables named `prefix…`, with no
/// table names from the environment; it must succeed, and its output is returned.
pub fn run_seed_command(endpoint: &str, prefix: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_immunoguide"))
        .args([
            "seed",
            "--create-tables",
            "--endpoint",
            endpoint,
            "--table-prefix",
            prefix,
        ])
        .env_remove("CONTENT_TABLE")
        .env_remove("GLOSSARY_TABLE")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn copy_content_to(dir: &std::path::Path) {
    let source = immunoguide::default_content_dir().join("pages");
    for page_dir in std::fs::read_dir(source).unwrap() {
        let page_dir = page_dir.unwrap().path();
        let target = dir.join("pages").join(page_dir.file_name().unwrap());
        std::fs::create_dir_all(&target).unwrap();
        for file in std::fs::read_dir(&page_dir).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, target.join(file.file_name().unwrap())).unwrap();
        }
    }
}

#[tokio::test]
async fn seeding_twice_writes_once_and_an_edit_is_an_update() {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    let store = DynamoPageStore::new(client, &tables.content);
    let dir = tempdir();
    copy_content_to(&dir);

    let first = seed_pages(&store, &dir).await.unwrap();
    assert_eq!(
        first.created,
        [
            "page clinical-trials-overview/en",
            "page clinical-trials-overview/es"
        ]
    );
    assert!(first.updated.is_empty() && first.unchanged.is_empty());

    let second = seed_pages(&store, &dir).await.unwrap();
    assert_eq!(second.unchanged.len(), 2);
    assert!(second.created.is_empty() && second.updated.is_empty());

    let spanish = dir.join("pages/clinical-trials-overview/es.md");
    let edited = std::fs::read_to_string(&spanish)
        .unwrap()
        .replace("Se habla español.", "Se habla español y más.");
    std::fs::write(&spanish, edited).unwrap();
    let third = seed_pages(&store, &dir).await.unwrap();
    assert_eq!(third.updated, ["page clinical-trials-overview/es"]);
    assert_eq!(third.unchanged, ["page clinical-trials-overview/en"]);
    assert_eq!(store.list_pages(Lang::Es).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_broken_page_file_stops_the_seed_before_anything_is_written() {
    let store = MemoryPageStore::new();
    let dir = tempdir();
    copy_content_to(&dir);
    std::fs::write(
        dir.join("pages/clinical-trials-overview/es.md"),
        "no front matter",
    )
    .unwrap();
    let error = seed_pages(&store, &dir).await.unwrap_err().to_string();
    assert!(
        error.contains("es.md") && error.contains("front matter"),
        "{error}"
    );
    assert!(
        store.list_pages(Lang::En).await.unwrap().is_empty(),
        "nothing was written"
    );
}

#[test]
fn the_seed_command_creates_tables_and_prints_what_it_did() {
    let endpoint = dynamodb_local::endpoint();
    let prefix = format!("cli{}-", std::process::id());
    let run = || run_seed_command(&endpoint, &prefix);
    let first = run();
    assert!(
        first.contains(&format!("created table {prefix}content")),
        "{first}"
    );
    assert!(
        first.contains("created   page clinical-trials-overview/es"),
        "{first}"
    );
    assert!(
        first
            .trim_end()
            .ends_with("2 created, 0 updated, 0 unchanged"),
        "{first}"
    );
    let second = run();
    assert!(!second.contains("created table"), "{second}");
    assert!(
        second
            .trim_end()
            .ends_with("0 created, 0 updated, 2 unchanged"),
        "{second}"
    );
}

/// A fresh folder under the target directory, so that no test leaves files elsewhere.
fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "immunoguide-seed-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
