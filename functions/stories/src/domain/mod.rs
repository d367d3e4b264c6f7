//! The stories domain: what may be submitted, how it is screened, and how a story moves
//! between states.

pub mod catalog;
pub mod consent;
pub mod decision;
pub mod screening;
pub mod story;
pub mod submission;
pub mod text_rules;
pub mod withdrawal;
