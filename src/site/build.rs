//! Building the site before the local server starts, when `web/dist/` is missing or older than
//! its sources, so that `cargo run` on a fresh clone serves a working site. It runs npm (not a
//! Cargo build script) so that Rust builds never need Node.js.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Written after a successful build: a failed or interrupted build never looks fresh.
const STAMP: &str = ".build-stamp";
/// What a build reads, relative to `web/`; `docs/openapi.json` is the API contract.
const SOURCES: &[&str] = &[
    "src",
    "public",
    "astro.config.mjs",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "../docs/openapi.json",
];

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(
        "the site in {0} needs Node.js 20+ with npm to build, and npm was not found: \
         apt-get install nodejs npm (or run with --no-site to serve the API only)"
    )]
    NpmMissing(PathBuf),
    #[error("`npm {command}` failed in {dir} ({status}); its output is above")]
    Failed {
        command: String,
        dir: PathBuf,
        status: std::process::ExitStatus,
    },
    #[error("cannot run npm in {1}")]
    Io(#[source] std::io::Error, PathBuf),
}

/// Installs the site's dependencies and builds it if needed, saying what it does; returns the
/// folder to serve.
pub fn ensure_built(web_dir: &Path) -> Result<PathBuf, BuildError> {
    let dist = web_dir.join("dist");
    let installed = web_dir.join("node_modules").join(".package-lock.json");
    if newest(&[web_dir.join("package-lock.json")]) > modified(&installed) {
        println!(
            "site: installing its npm packages (npm ci in {})",
            web_dir.display()
        );
        npm(
            web_dir,
            &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
        )?;
    }
    let sources: Vec<PathBuf> = SOURCES.iter().map(|path| web_dir.join(path)).collect();
    let stamp = dist.join(STAMP);
    if newest(&sources) > modified(&stamp) {
        println!(
            "site: building {} (npm run build: type check, then astro build)",
            web_dir.display()
        );
        npm(web_dir, &["run", "build"])?;
        std::fs::write(&stamp, b"").map_err(|e| BuildError::Io(e, dist.clone()))?;
    } else {
        println!("site: {} is up to date", dist.display());
    }
    Ok(dist)
}

fn npm(dir: &Path, args: &[&str]) -> Result<(), BuildError> {
    let status = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => BuildError::NpmMissing(dir.to_owned()),
            _ => BuildError::Io(error, dir.to_owned()),
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(BuildError::Failed {
            command: args.join(" "),
            dir: dir.to_owned(),
            status,
        })
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The latest modification time of any file under `paths`.
fn newest(paths: &[PathBuf]) -> Option<SystemTime> {
    let mut latest = None;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(Result::ok).map(|entry| entry.path()));
            }
        } else if let Ok(time) = metadata.modified() {
            latest = latest.max(Some(time));
        }
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_stale_when_a_source_is_newer_than_its_stamp() {
        let dir = std::env::temp_dir().join(format!("site-build-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/pages")).unwrap();
        std::fs::write(dir.join("src/pages/index.astro"), "a").unwrap();
        let stamp = dir.join("stamp");
        assert!(
            newest(&[dir.join("src")]) > modified(&stamp),
            "no stamp: stale"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&stamp, b"").unwrap();
        assert!(
            newest(&[dir.join("src")]) <= modified(&stamp),
            "built: fresh"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("src/pages/index.astro"), "b").unwrap();
        assert!(
            newest(&[dir.join("src")]) > modified(&stamp),
            "edited: stale"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
