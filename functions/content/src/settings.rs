//! The content function's settings, read once from the environment at cold start: the HTTP
//! layer's and its one table's name.

use shared::aws::lambda::{Table, TableSettings};

/// The pages table (`CONTENT_TABLE`).
#[derive(Debug, Clone)]
pub struct PagesTable;

impl Table for PagesTable {
    const VARIABLE: &'static str = "CONTENT_TABLE";
    const LOCAL_NAME: &'static str = "immunoguide-content";
}

pub type Settings = TableSettings<PagesTable>;
