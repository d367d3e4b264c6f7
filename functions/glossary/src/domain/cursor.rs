//! Pagination cursors: the sort key of the last result given, in URL-safe base64.
//!
//! Any key is a position (the results after it), so a cursor stays valid when terms are added
//! or removed, and every string the pattern allows decodes: only a malformed one is refused.

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// The longest cursor accepted; keys hold a name of at most a few hundred bytes.
pub const MAX_LEN: usize = 600;
/// Unpadded URL-safe base64, for the OpenAPI document; `decode` accepts exactly these.
pub const PATTERN: &str = "^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2,3})?$";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not a cursor from this API: pass `next_cursor` from the previous page unchanged")]
pub struct CursorError;

pub fn encode(key: &[u8]) -> String {
    ENGINE.encode(key)
}

pub fn decode(cursor: &str) -> Result<Vec<u8>, CursorError> {
    if cursor.is_empty() || cursor.len() > MAX_LEN {
        return Err(CursorError);
    }
    ENGINE.decode(cursor).map_err(|_| CursorError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let key = b"t cell\0\x00\x00\x00\x00\x00\x00\xaf\x80".to_vec();
        assert_eq!(decode(&encode(&key)), Ok(key));
        for bad in [
            "",
            "a",
            "abcde",
            "ab=",
            "ab cd",
            "ab+/",
            "é",
            &"a".repeat(MAX_LEN + 2),
        ] {
            assert_eq!(decode(bad), Err(CursorError), "{bad}");
        }
        // Every string of the pattern's shape decodes.
        for good in ["ab", "abc", "abcd", "AAAAAA", "zz-_"] {
            assert!(decode(good).is_ok(), "{good}");
        }
    }
}
