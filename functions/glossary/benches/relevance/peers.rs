//! The peers: other search engines asked the same queries over the same names and aliases, each
//! in a process of its own (node for Fuse.js and MiniSearch, a separate cargo project for
//! tantivy, so that the workspace never compiles it). `RELEVANCE_PEERS` selects them: unset for
//! all, `none`, or a comma-separated list of `fuse`, `minisearch`, `tantivy`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use glossary::domain::IndexSource;

use crate::generate::Query;
use crate::Answers;

pub struct Peer {
    pub key: &'static str,
    pub name: &'static str,
    /// Whether it is asked the prefix sets: only an engine configured for prefixes is.
    pub prefixes: bool,
    run: fn(&[IndexSource], &[Query]) -> Result<Answers, String>,
}

impl Peer {
    pub fn answer(&self, sources: &[IndexSource], queries: &[Query]) -> Result<Answers, String> {
        (self.run)(sources, queries)
    }
}

pub const PEERS: [Peer; 3] = [
    Peer {
        key: "tantivy",
        name: "tantivy 0.27",
        prefixes: false,
        run: tantivy,
    },
    Peer {
        key: "fuse",
        name: "Fuse.js 7",
        prefixes: false,
        run: |s, q| node("fuse", s, q),
    },
    Peer {
        key: "minisearch",
        name: "MiniSearch 7",
        prefixes: true,
        run: |s, q| node("minisearch", s, q),
    },
];

/// The peers `RELEVANCE_PEERS` asks for; an unknown name is an error, not a silent omission.
pub fn selected() -> Vec<&'static Peer> {
    let Ok(list) = std::env::var("RELEVANCE_PEERS") else {
        return PEERS.iter().collect();
    };
    if list == "none" {
        return Vec::new();
    }
    list.split(',')
        .map(|key| {
            PEERS
                .iter()
                .find(|p| p.key == key.trim())
                .unwrap_or_else(|| {
                    panic!("RELEVANCE_PEERS: no peer {key:?} (fuse, minisearch, tantivy or none)")
                })
        })
        .collect()
}

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/relevance")
}

/// The peers' input: the names and aliases as written (each engine folds them its own way).
fn input(sources: &[IndexSource], queries: &[Query]) -> Result<Vec<u8>, String> {
    let docs: Vec<_> = sources
        .iter()
        .map(|s| serde_json::json!({"id": s.id, "name": s.name, "aliases": s.aliases}))
        .collect();
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    serde_json::to_vec(&serde_json::json!({"docs": docs, "queries": texts}))
        .map_err(|e| e.to_string())
}

/// Runs `command` with the input on stdin and reads its answers from stdout.
fn ask(mut command: Command, input: &[u8], what: &str) -> Result<Answers, String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: {e}"))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input)
        .map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("{what} failed ({})", output.status));
    }
    let answers: Answers = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    Ok(answers)
}

/// Fuse.js or MiniSearch through `node/run.mjs`, installed from its lock file on first use.
fn node(engine: &str, sources: &[IndexSource], queries: &[Query]) -> Result<Answers, String> {
    // One install for every peer thread (two `npm ci` in one directory undo each other).
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let dir = here().join("node");
    let installing = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if !dir.join("node_modules/minisearch").exists() || !dir.join("node_modules/fuse.js").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("npm: {e}"))?;
        if !status.success() {
            return Err(format!("`npm ci` in {} failed", dir.display()));
        }
    }
    drop(installing);
    let mut command = Command::new("node");
    command.args(["run.mjs", engine]).current_dir(&dir);
    ask(command, &input(sources, queries)?, engine)
}

/// The tantivy project (`tantivy/`, its own lock file), built in release on first use into a
/// directory of the target dir in use.
fn tantivy(sources: &[IndexSource], queries: &[Query]) -> Result<Answers, String> {
    let manifest = here().join("tantivy/Cargo.toml");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("relevance-tantivy");
    let build = format!(
        "cargo build --release --locked --manifest-path {} --target-dir {}",
        manifest.display(),
        target.display()
    );
    // Quiet when it is up to date (a fraction of a second); the first build takes minutes.
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "--manifest-path",
        ])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .status()
        .map_err(|e| format!("cargo: {e}; build the peer with `{build}`"))?;
    if !status.success() {
        return Err(format!("the tantivy peer did not build: run `{build}`"));
    }
    let binary = target.join("release/glossary-relevance-tantivy");
    ask(
        Command::new(binary),
        &input(sources, queries)?,
        "the tantivy peer",
    )
}
