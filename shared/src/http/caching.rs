//! CDN caching: strong ETags from the representation, `If-None-Match` → 304, `Cache-Control`, `Vary`.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::http::lang::Lang;
use crate::http::problem::ApiError;

/// How long browsers and the CDN may keep a representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachePolicy {
    /// Seconds a browser may reuse it.
    pub max_age: u32,
    /// Seconds the CDN may reuse it.
    pub s_maxage: u32,
    /// Seconds the CDN may serve it stale while it fetches a fresh one.
    pub stale_while_revalidate: u32,
}

impl CachePolicy {
    pub fn header_value(&self) -> HeaderValue {
        let value = format!(
            "public, max-age={}, s-maxage={}, stale-while-revalidate={}",
            self.max_age, self.s_maxage, self.stale_while_revalidate
        );
        HeaderValue::from_str(&value).expect("digits and ASCII only")
    }

    /// `body` in `lang` under this policy: what every cached GET answers (see [`Cacheable`]).
    pub fn respond_in<T: Serialize>(
        self,
        lang: Lang,
        body: T,
        request_headers: &HeaderMap,
    ) -> Result<Response, ApiError> {
        Cacheable {
            body,
            policy: self,
            content_language: Some(lang),
        }
        .respond(request_headers)
    }
}

/// The request headers that conditional, negotiated GETs read (for the OpenAPI document).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct ConditionalHeaders {
    /// Preferred languages with q-values; used when `lang` is absent.
    #[param(rename = "Accept-Language")]
    pub accept_language: Option<String>,
    /// An `ETag` from an earlier answer; a match gives 304 Not Modified.
    #[param(rename = "If-None-Match")]
    pub if_none_match: Option<String>,
}

/// A JSON representation that may be served from a cache.
pub struct Cacheable<T> {
    pub body: T,
    pub policy: CachePolicy,
    /// The language of the representation, sent as `Content-Language`; a representation in a
    /// language may have been chosen by `Accept-Language`, so it also gets `Vary: Accept-Language`.
    pub content_language: Option<Lang>,
}

impl<T: Serialize> Cacheable<T> {
    /// 200 with the body, or 304 when the client's `If-None-Match` already names this representation.
    pub fn respond(self, request_headers: &HeaderMap) -> Result<Response, ApiError> {
        let body = serde_json::to_vec(&self.body).map_err(ApiError::internal)?;
        let etag = strong_etag(&body);
        let mut response = if if_none_match_hits(request_headers, &etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut ok = (StatusCode::OK, body).into_response();
            ok.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            ok
        };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, etag);
        headers.insert(header::CACHE_CONTROL, self.policy.header_value());
        if let Some(lang) = self.content_language {
            headers.insert(
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(lang.code()),
            );
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        }
        Ok(response)
    }
}

/// A private answer (tokens, personal data) that no browser or CDN may store.
pub fn no_store<T: Serialize>(status: StatusCode, body: T) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A private answer in a negotiated language, such as a form with a fresh token.
pub fn no_store_in<T: Serialize>(lang: Lang, body: T) -> Response {
    let mut response = no_store(StatusCode::OK, body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

/// A strong validator: the same bytes always give the same tag, any change gives another.
pub fn strong_etag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let tag = format!("\"{}\"", hex::encode(&digest[..16]));
    HeaderValue::from_str(&tag).expect("hex digits are a valid header value")
}

/// RFC 9110 §13.1.2: `If-None-Match` uses the weak comparison, and `*` matches any representation.
fn if_none_match_hits(request_headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = opaque_tag(etag.to_str().unwrap_or_default());
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || opaque_tag(candidate) == ours)
}

fn opaque_tag(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: CachePolicy = CachePolicy {
        max_age: 60,
        s_maxage: 300,
        stale_while_revalidate: 30,
    };

    fn respond(if_none_match: Option<&str>) -> Response {
        let mut headers = HeaderMap::new();
        if let Some(value) = if_none_match {
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        }
        Cacheable {
            body: serde_json::json!({"hello": "world"}),
            policy: POLICY,
            content_language: Some(Lang::Es),
        }
        .respond(&headers)
        .unwrap()
    }

    #[test]
    fn etag_is_strong_and_stable() {
        let first = respond(None);
        let second = respond(None);
        let etag = first.headers()[header::ETAG].to_str().unwrap();
        assert!(etag.starts_with('"') && etag.ends_with('"') && !etag.starts_with("W/"));
        assert_eq!(
            first.headers()[header::ETAG],
            second.headers()[header::ETAG]
        );
        assert_ne!(strong_etag(b"a"), strong_etag(b"b"));
    }

    #[test]
    fn matching_if_none_match_gives_304_with_validators() {
        let etag = respond(None).headers()[header::ETAG]
            .to_str()
            .unwrap()
            .to_owned();
        for header_value in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"other\", {etag}"),
            "*".to_owned(),
        ] {
            let response = respond(Some(&header_value));
            assert_eq!(
                response.status(),
                StatusCode::NOT_MODIFIED,
                "{header_value}"
            );
            assert_eq!(response.headers()[header::ETAG], etag.as_str());
            assert_eq!(response.headers()[header::VARY], "Accept-Language");
            assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "es");
            assert!(response.headers().contains_key(header::CACHE_CONTROL));
        }
        assert_eq!(respond(Some("\"stale\"")).status(), StatusCode::OK);
    }

    #[test]
    fn cache_control_carries_every_directive() {
        assert_eq!(
            POLICY.header_value(),
            "public, max-age=60, s-maxage=300, stale-while-revalidate=30"
        );
    }
}
