//! Opaque, stable cursors and bounded page sizes for list routes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::http::problem::{ApiError, FieldLocation};

/// A position in a sorted list: the sort key of the last item served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(pub String);

impl Cursor {
    const PREFIX: &'static str = "c1:";

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}{}", Self::PREFIX, self.0))
    }

    /// Decodes `?cursor=`; anything not made by `encode` is a 400 naming `cursor`.
    pub fn decode(text: &str) -> Result<Self, ApiError> {
        let invalid = || {
            ApiError::invalid_field(
                FieldLocation::Query,
                "cursor",
                "is not a cursor from an earlier page",
            )
        };
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        text.strip_prefix(Self::PREFIX)
            .filter(|key| !key.is_empty())
            .map(|key| Cursor(key.to_owned()))
            .ok_or_else(invalid)
    }
}

/// `?limit=` within bounds, or the default.
pub fn limit(requested: Option<u32>, default: u32, max: u32) -> Result<usize, ApiError> {
    match requested {
        None => Ok(default as usize),
        Some(n) if (1..=max).contains(&n) => Ok(n as usize),
        Some(_) => Err(ApiError::invalid_field(
            FieldLocation::Query,
            "limit",
            format!("must be between 1 and {max}"),
        )),
    }
}

/// One page of a list and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor("2026-11-27T10:00:00Z#abc".to_owned());
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        for bad in ["", "!!!", "YWJj", "YzE6"] {
            let error = Cursor::decode(bad).unwrap_err();
            assert_eq!(error.problem().errors[0].field, "cursor", "{bad}");
        }
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None, 20, 100).unwrap(), 20);
        assert_eq!(limit(Some(100), 20, 100).unwrap(), 100);
        assert!(limit(Some(0), 20, 100).is_err());
        assert!(limit(Some(101), 20, 100).is_err());
    }
}
