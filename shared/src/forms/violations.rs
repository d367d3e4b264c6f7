//! What is wrong with a form's fields, each named: domain validation collects them without
//! knowing HTTP, and the edge answers them as one 400 that lists every field.

use crate::http::problem::{ApiError, FieldError, FieldLocation};

/// One field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(Violation {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The named fields, in the order they were found.
    pub fn fields(&self) -> Vec<&str> {
        self.0.iter().map(|v| v.field.as_str()).collect()
    }

    /// `value` when nothing is wrong, else every violation.
    pub fn or_ok<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        match self.is_empty() {
            true => Ok(value()),
            false => Err(self),
        }
    }
}

/// Violations are always in the body: forms are JSON bodies.
impl From<Violations> for ApiError {
    fn from(violations: Violations) -> Self {
        ApiError::invalid(
            violations
                .0
                .into_iter()
                .map(|v| FieldError::new(FieldLocation::Body, v.field, v.message))
                .collect(),
        )
    }
}
