//! A page of ranked matches: the best `limit` after a cursor by one integer per match, and
//! the cursor keys that page on from a hit.

use std::collections::BinaryHeap;

use super::Found;
use crate::domain::index::LangIndex;
use crate::domain::ranking::{alpha_key, rank_byte, ranks_by_popularity, sort_key_into};

impl LangIndex {
    /// The ranking order as one number, smallest first: the match (kind, words missing,
    /// typos, as typed before singular, name before alias), the popularity prior where the
    /// kind ranks by it, the name's length, then the entry's position, which is alphabetical by name and id. The same order
    /// as `key_of`'s keys, without building them: ranking thousands of matches (a one-letter
    /// query) compares integers, not names.
    pub(super) fn rank_key(&self, f: &Found) -> u128 {
        let prior = match ranks_by_popularity(f.kind) {
            true => self.priors[f.entry as usize],
            // The name's length alone: the low bits (`derived::priors`).
            false => self.priors[f.entry as usize] & 0xffff,
        };
        // The prior is 48 bits, the entry 32.
        (f.kind as u128) << 124
            | u128::from(f.missing) << 116
            | u128::from(f.typos) << 108
            | u128::from(f.singular) << 107
            | u128::from(f.on_alias) << 106
            | u128::from(prior) << 58
            | u128::from(f.entry)
    }

    /// The best `limit` of `found` after the cursor `after`, in order, and whether more follow.
    /// The rest is only counted: a bounded heap keeps the best, so no list of thousands of
    /// matches (a one-letter query) is sorted.
    pub(super) fn window(
        &self,
        found: Vec<Found>,
        after: Option<&[u8]>,
        limit: usize,
    ) -> (Vec<Found>, bool) {
        let mut key = Vec::new();
        let mut best: BinaryHeap<(u128, u32)> =
            BinaryHeap::with_capacity(limit.min(found.len()) + 1);
        let mut count = 0;
        for (at, f) in found.iter().enumerate() {
            if let Some(after) = after {
                self.key_into(f, &mut key);
                if key.as_slice() <= after {
                    continue;
                }
            }
            count += 1;
            let candidate = (self.rank_key(f), at as u32);
            if best.len() < limit {
                best.push(candidate);
            } else if let Some(mut worst) = best.peek_mut() {
                if candidate < *worst {
                    *worst = candidate;
                }
            }
        }
        let page = best
            .into_sorted_vec()
            .iter()
            .map(|&(_, at)| found[at as usize])
            .collect();
        (page, count > limit)
    }

    pub(super) fn alpha_key_of(&self, f: &Found) -> Vec<u8> {
        let entry = &self.entries[f.entry as usize];
        alpha_key(self.norm_of(entry), entry.source.id)
    }

    pub(super) fn key_of(&self, f: &Found) -> Vec<u8> {
        // The kind, rank, prior and id around the name: sized once.
        let mut key = Vec::with_capacity(32 + self.norm_of(&self.entries[f.entry as usize]).len());
        self.key_into(f, &mut key);
        key
    }

    /// `f`'s cursor key (`ranking::sort_key`) into `key`, which is cleared first.
    pub(super) fn key_into(&self, f: &Found, key: &mut Vec<u8>) {
        let entry = &self.entries[f.entry as usize];
        sort_key_into(
            key,
            f.kind,
            rank_byte(f.missing, f.typos, f.singular),
            f.on_alias,
            entry.refs,
            self.norm_of(entry),
            entry.source.id,
        );
    }
}
