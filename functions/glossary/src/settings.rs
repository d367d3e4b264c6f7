//! The glossary function's settings, read once from the environment at cold start: the HTTP
//! layer's and its one table's name.

use shared::aws::lambda::{Table, TableSettings};

/// The terms table (`GLOSSARY_TABLE`).
#[derive(Debug, Clone)]
pub struct TermsTable;

impl Table for TermsTable {
    const VARIABLE: &'static str = "GLOSSARY_TABLE";
    const LOCAL_NAME: &'static str = "immunoguide-glossary";
}

pub type Settings = TableSettings<TermsTable>;
