//! The content use cases: plain functions over the ports they need, with typed errors.

mod pages;

pub use pages::{list_pages, page_in, PageError, ServedPage};
