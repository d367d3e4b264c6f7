//! Publishing the search index snapshot: what the seed command does after syncing the terms.

use sha2::{Digest, Sha256};
use shared::http::lang::Lang;

use super::GlossaryError;
use crate::domain::{snapshot_format, LangIndex, Snapshot, Term};
use crate::store::{PartBytes, Piece, SnapshotWriter};

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// A digest of the snapshot's bytes: the same terms give the same version.
    pub version: String,
    /// `false` when the store already held this version.
    pub written: bool,
    /// The size of each language's pieces.
    pub bytes: Vec<(Lang, Piece, usize)>,
}

/// Both languages' index snapshots, each as its two pieces, as `Indexes` loads them.
pub fn snapshot_parts(terms: &[Term]) -> Vec<PartBytes> {
    Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            let sources = terms.iter().filter_map(|t| t.index_source(lang)).collect();
            let Snapshot { index, definitions } = LangIndex::build(lang, sources).to_snapshot();
            [
                (lang, Piece::Index, index),
                (lang, Piece::Definitions, definitions),
            ]
        })
        .collect()
}

/// Builds the indexes of `terms` and makes them the store's current snapshot, writing nothing
/// when they already are.
pub async fn publish_snapshot(
    store: &dyn SnapshotWriter,
    terms: &[Term],
) -> Result<Published, GlossaryError> {
    let parts = snapshot_parts(terms);
    let mut digest = Sha256::new();
    digest.update(snapshot_format().to_le_bytes());
    for (lang, piece, bytes) in &parts {
        digest.update(lang.code());
        digest.update(piece.code());
        digest.update(bytes);
    }
    let version = hex::encode(&digest.finalize()[..8]);
    let written = store
        .put_snapshot(snapshot_format(), &version, &parts)
        .await?;
    Ok(Published {
        version,
        written,
        bytes: parts.iter().map(|(l, p, b)| (*l, *p, b.len())).collect(),
    })
}
