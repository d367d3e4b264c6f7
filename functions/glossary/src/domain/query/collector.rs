//! The best match of each term while a query runs, and the per-thread buffers queries reuse.

use super::Found;

/// Per-thread buffers sized by the index, reused by every query so that a query does not
/// allocate and clear tens of kilobytes; each user resets what it touched.
#[derive(Default)]
pub(super) struct Scratch {
    slot: Vec<u32>,
    pub(super) rounds: Vec<u8>,
    pub(super) typos: Vec<u8>,
    pub(super) shared: Vec<u8>,
    pub(super) last: Vec<u8>,
    pub(super) mask: Vec<u32>,
    pub(super) entry_rows: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A zeroed (or `fill`ed) buffer of at least `len` from the thread's scratch.
pub(super) fn take_buffer<T: Copy>(
    pick: fn(&mut Scratch) -> &mut Vec<T>,
    len: usize,
    fill: T,
) -> Vec<T> {
    let mut buffer = SCRATCH.with(|s| std::mem::take(pick(&mut s.borrow_mut())));
    if buffer.len() < len {
        buffer.resize(len, fill);
    }
    buffer
}

pub(super) fn give_back<T>(pick: fn(&mut Scratch) -> &mut Vec<T>, buffer: Vec<T>) {
    SCRATCH.with(|s| *pick(&mut s.borrow_mut()) = buffer);
}

/// The best match of each term so far.
pub(super) struct Collector {
    pub(super) found: Vec<Found>,
    /// Entry → position in `found`, `u32::MAX` for none.
    slot: Vec<u32>,
}

impl Collector {
    pub(super) fn new(entries: usize) -> Self {
        Self {
            // A page or two of matches without growing; a one-letter query grows it once.
            found: Vec::with_capacity(64),
            slot: take_buffer(|s| &mut s.slot, entries, u32::MAX),
        }
    }

    /// The matches, with the scratch buffer cleared and returned.
    pub(super) fn finish(mut self) -> Vec<Found> {
        for found in &self.found {
            self.slot[found.entry as usize] = u32::MAX;
        }
        give_back(|s| &mut s.slot, self.slot);
        self.found
    }

    pub(super) fn has(&self, entry: u32) -> bool {
        self.slot[entry as usize] != u32::MAX
    }

    pub(super) fn offer(&mut self, candidate: Found) {
        match self.slot[candidate.entry as usize] {
            u32::MAX => {
                self.slot[candidate.entry as usize] = self.found.len() as u32;
                self.found.push(candidate);
            }
            at => {
                let old = &mut self.found[at as usize];
                if candidate.rank() < old.rank() {
                    *old = candidate;
                }
            }
        }
    }
}
