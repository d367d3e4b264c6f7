//! Opaque, stable cursors and bounded page sizes: the `cursor` and `limit` query parameters of
//! every list route.
//!
//! A cursor is URL-safe base64 (unpadded) of `c2:<list>:<key>`: the list that made it and the
//! sort key of the last item served. A route turns the key back into its own typed position, so
//! a cursor that is malformed, forged, out of range or from another list is a 400 naming
//! `cursor` at the edge, before any store sees it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::http::problem::{ApiError, FieldLocation};

/// The longest cursor accepted; keys hold a name of at most a few hundred bytes.
pub const MAX_LEN: usize = 600;
/// Unpadded URL-safe base64, for the OpenAPI document.
pub const PATTERN: &str = "^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$";

/// The format version; cursors of another format are refused, and the client starts over.
const VERSION: &str = "c2";

/// Where a list continues, as the route that serves the list understands it.
pub trait Position: Sized {
    /// The list's name (`stories`, `glossary-search`): a cursor is accepted only by its own list.
    const LIST: &'static str;

    /// The sort key of the last item served.
    fn to_key(&self) -> Vec<u8>;

    /// The position a key names; `None` for anything `to_key` cannot have made.
    fn from_key(key: &[u8]) -> Option<Self>;
}

/// `next_cursor` after the item at `position`.
pub fn next_cursor<P: Position>(position: &P) -> String {
    let mut text = format!("{VERSION}:{}:", P::LIST).into_bytes();
    text.extend(position.to_key());
    URL_SAFE_NO_PAD.encode(text)
}

/// `?cursor=`: the position it names, or a 400 naming `cursor`.
pub fn cursor<P: Position>(param: Option<&str>) -> Result<Option<P>, ApiError> {
    param.map(decode).transpose()
}

fn decode<P: Position>(text: &str) -> Result<P, ApiError> {
    let invalid = || {
        ApiError::invalid_field(
            FieldLocation::Query,
            "cursor",
            "is not a cursor from this list: pass `next_cursor` from the previous page unchanged",
        )
    };
    if text.is_empty() || text.len() > MAX_LEN {
        return Err(invalid());
    }
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
    let prefix = format!("{VERSION}:{}:", P::LIST);
    bytes
        .strip_prefix(prefix.as_bytes())
        .filter(|key| !key.is_empty())
        .and_then(P::from_key)
        .ok_or_else(invalid)
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
pub struct Page<T, P> {
    pub items: Vec<T>,
    pub next: Option<P>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Digits(String);

    impl Position for Digits {
        const LIST: &'static str = "digits";
        fn to_key(&self) -> Vec<u8> {
            self.0.clone().into_bytes()
        }
        fn from_key(key: &[u8]) -> Option<Self> {
            let text = std::str::from_utf8(key).ok()?;
            text.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| Digits(text.to_owned()))
        }
    }

    struct Other;

    impl Position for Other {
        const LIST: &'static str = "other";
        fn to_key(&self) -> Vec<u8> {
            b"123".to_vec()
        }
        fn from_key(_: &[u8]) -> Option<Self> {
            Some(Other)
        }
    }

    fn refused(text: &str) -> bool {
        match cursor::<Digits>(Some(text)) {
            Err(error) => error.problem().errors[0].field == "cursor",
            Ok(_) => false,
        }
    }

    #[test]
    fn cursors_round_trip_and_every_other_text_is_refused() {
        let position = Digits("2026".to_owned());
        let text = next_cursor(&position);
        assert!(regex_like_pattern(&text), "{text}");
        assert_eq!(cursor::<Digits>(Some(&text)).unwrap(), Some(position));
        assert_eq!(cursor::<Digits>(None).unwrap(), None);
        let b64 = |raw: &str| URL_SAFE_NO_PAD.encode(raw);
        for bad in [
            String::new(),
            "!!!".to_owned(),
            "ab=".to_owned(),
            "a".repeat(MAX_LEN + 2),
            b64("c1:zzz"),
            b64("c2:digits:"),
            b64("c2:digits:12a"),
            b64("c2:digit:12"),
            b64("2026"),
            next_cursor(&Other),
        ] {
            assert!(refused(&bad), "{bad}");
        }
    }

    fn regex_like_pattern(text: &str) -> bool {
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && text.len() % 4 != 1
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(limit(None, 20, 100).unwrap(), 20);
        assert_eq!(limit(Some(100), 20, 100).unwrap(), 100);
        assert!(limit(Some(0), 20, 100).is_err());
        assert!(limit(Some(101), 20, 100).is_err());
    }
}
