//! The last resort, when the strict stages found (almost) nothing: every query word with the
//! allowance of the longer word (`WordMatcher::lenient`), and fields holding most of the query's
//! words rather than all of them. One misspelt or extra word ("stage iv transitional cell
//! cancer of the renl pelvis", "leukemia treatment") then still finds the term; a field missing
//! words ranks below every field holding them all (`MatchKind::Partial`, by words missing).

use super::candidates::WordCache;
use super::collector::{give_back, take_buffer, Collector};
use super::sorted_run;
use super::typos::word_variants;
use crate::domain::fuzzy::WordMatcher;
use crate::domain::index::LangIndex;
use shared::http::lang::Lang;

/// Words that neither count towards "most of the query" nor are required.
const STOP_EN: &[&str] = &[
    "a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with", "is", "are",
];
const STOP_ES: &[&str] = &[
    "a", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "o", "para", "por", "un", "una",
    "y", "es",
];

/// The stop words of a language.
pub fn stop_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => STOP_EN,
        Lang::Es => STOP_ES,
    }
}

/// Below this many terms found by the strict stages, the relaxed stage looks further: the
/// benchmark counts a term found when it is in the top three.
pub const RELAX_BELOW: usize = 3;

/// Type-ahead (`suggest`) looks further only when the strict stages found nothing: below a
/// strict match the relaxed stage adds terms missing a typed word or two typos away from a
/// word being typed (`contrala`: `contracture`), fillers under the name the reader is typing.
/// The search page still lists them below its full matches. It is also the slowest stage.
pub const SUGGEST_RELAX_BELOW: usize = 1;

/// Query words compared at most (a mask bit each).
const MAX_WORDS: usize = 16;

/// A field found by the relaxed stage.
pub(super) struct Relaxed {
    pub field: u32,
    pub typos: u8,
    /// Content words of the query the field lacks.
    pub missing: u8,
}

impl LangIndex {
    /// Fields of terms not found yet holding at least half of the query's content words (all
    /// of them when there is only one), each within its lenient allowance; and the matchers.
    pub(super) fn relaxed(
        &self,
        query: &str,
        best: &Collector,
        cache: &mut WordCache,
    ) -> (Vec<Relaxed>, Vec<WordMatcher>) {
        let stop = stop_words(self.lang);
        let all: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
        let mut words: Vec<&str> = all.iter().copied().filter(|w| !stop.contains(w)).collect();
        if words.is_empty() {
            words = all.clone();
        }
        words.truncate(MAX_WORDS);
        if words.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let needed = words.len().div_ceil(2).max(1) as u32;
        let last = all.last().copied();
        let mut mask = take_buffer(|s| &mut s.mask, self.fields.len(), 0u32);
        let mut typos = take_buffer(|s| &mut s.typos, self.fields.len(), 0u8);
        let mut touched = Vec::new();
        let mut used = Vec::new();
        // A fragment of one or two letters being typed matches thousands of words: it counts
        // towards the fields the other words found, and finds none by itself.
        let fragment = (words.len() > 1)
            .then(|| words.len() - 1)
            .filter(|&n| Some(words[n]) == last && words[n].chars().count() <= 2);
        for (n, word) in words.iter().enumerate() {
            // The word being typed (the query's last) may be the start of a word.
            let prefix = Some(*word) == last;
            if fragment == Some(n) {
                continue;
            }
            let mut ids: Vec<(u32, u8)> = Vec::new();
            for variant in word_variants(word) {
                let matcher = WordMatcher::lenient(variant, prefix);
                ids.extend(self.accepted_words(&matcher, variant, cache));
                used.push(matcher);
            }
            ids.sort_unstable_by_key(|&(id, t)| (t, id));
            let bit = 1u32 << n;
            for (id, word_typos) in ids {
                for &field in self.word_fields.get_dense(id) {
                    let f = field as usize;
                    if mask[f] & bit != 0 {
                        continue;
                    }
                    if mask[f] == 0 {
                        if best.has(self.fields[f].entry) {
                            continue;
                        }
                        touched.push(field);
                    }
                    mask[f] |= bit;
                    typos[f] = typos[f].saturating_add(word_typos);
                }
            }
        }
        if let Some(n) = fragment {
            let matchers: Vec<WordMatcher> = word_variants(words[n])
                .into_iter()
                .map(|variant| WordMatcher::lenient(variant, true))
                .collect();
            // Too short for a typo (`typo_budget`), so its words are the run of words it
            // starts: a field has one when one of its word ids is in that run.
            debug_assert!(matchers.iter().all(|m| m.typos() == 0));
            let run = sorted_run(&self.words, |w| &**w, words[n]);
            let run = run.start as u32..run.end as u32;
            cache.add_run(run.clone());
            for &field in &touched {
                let f = field as usize;
                if self.has_word_in(field, &run) {
                    mask[f] |= 1 << n;
                }
            }
            used.extend(matchers);
        }
        let found = touched
            .iter()
            .filter(|&&field| mask[field as usize].count_ones() >= needed)
            .map(|&field| Relaxed {
                field,
                typos: typos[field as usize],
                missing: (words.len() as u32 - mask[field as usize].count_ones()) as u8,
            })
            .collect();
        for &field in &touched {
            mask[field as usize] = 0;
            typos[field as usize] = 0;
        }
        give_back(|s| &mut s.mask, mask);
        give_back(|s| &mut s.typos, typos);
        (found, used)
    }
}
