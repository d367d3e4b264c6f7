//! Request extractors whose rejections are problem+json naming the offending field.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::http::problem::{ApiError, FieldError, FieldLocation};

/// Query string parameters, deserialized with the failing parameter named in the error.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Query)
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let field = error.path().to_string();
        let message = error.into_inner().to_string();
        // serde names a missing field only inside its message; lift it into `field`.
        let field = match (field.as_str(), missing_field_name(&message)) {
            (".", Some(missing)) => missing.to_owned(),
            _ => field,
        };
        ApiError::invalid(vec![FieldError::new(FieldLocation::Query, field, message)])
    })
}

/// Path parameters, with a malformed one named in the error.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                let field = match &rejection {
                    PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
                        ErrorKind::ParseErrorAtKey { key, .. }
                        | ErrorKind::InvalidUtf8InPathParam { key }
                        | ErrorKind::DeserializeError { key, .. } => key.clone(),
                        _ => "path".to_owned(),
                    },
                    _ => "path".to_owned(),
                };
                // A value's own check (`deserialize_with`) fails without a key; on a route
                // with one parameter, that parameter is the one.
                let field =
                    match axum::extract::RawPathParams::from_request_parts(parts, state).await {
                        Ok(params) if field == "path" && params.iter().count() == 1 => params
                            .iter()
                            .next()
                            .map_or(field, |(key, _)| key.to_owned()),
                        _ => field,
                    };
                Err(ApiError::invalid_field(
                    FieldLocation::Path,
                    &field,
                    rejection.body_text(),
                ))
            }
        }
    }
}

/// A JSON request body, deserialized with the failing field's path named in the error.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers().get(header::CONTENT_TYPE)) {
            return Err(ApiError::unsupported_media_type("application/json"));
        }
        let limit = crate::http::stack::body_limit_of(&request);
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::payload_too_large(limit))?;
        parse_json(&bytes).map(Json)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // The whole body is checked first (UTF-8, syntax, trailing data), so that a broken body is
    // named `body`, not whichever field the typed pass happened to miss.
    if let Err(error) = std::str::from_utf8(bytes) {
        return Err(ApiError::invalid_field(
            FieldLocation::Body,
            "body",
            format!("the body is not valid UTF-8 ({error})"),
        ));
    }
    if let Err(error) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        return Err(ApiError::invalid_field(
            FieldLocation::Body,
            "body",
            format!("the body is not valid JSON ({error})"),
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let is_syntax = inner.is_syntax() || inner.is_eof();
        let field = if is_syntax {
            "body".to_owned()
        } else {
            field_for(&path, &inner.to_string())
        };
        let message = if is_syntax {
            format!("the body is not valid JSON ({inner})")
        } else {
            inner.to_string()
        };
        ApiError::invalid(vec![FieldError::new(FieldLocation::Body, field, message)])
    })?;
    deserializer.end().map_err(|error| {
        ApiError::invalid_field(
            FieldLocation::Body,
            "body",
            format!("the body is not valid JSON ({error})"),
        )
    })?;
    Ok(value)
}

/// A JSON integer field that also accepts integral floats (`58.0`), which JSON Schema counts
/// as integers; use with `#[serde(deserialize_with = "…")]`.
pub fn integral_u32<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    use serde::de::Error;
    let number = serde_json::Number::deserialize(deserializer)?;
    number
        .as_u64()
        .or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        })
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| D::Error::custom(format!("must be a whole number from 0 to {}", u32::MAX)))
}

/// Deserializes an already-parsed JSON body, naming the failing field's path.
pub fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        ApiError::invalid(vec![FieldError::new(
            FieldLocation::Body,
            field_for(&path, &message),
            message,
        )])
    })
}

/// The dotted path of the failing field; serde names a missing field only in its message.
fn field_for(path: &str, message: &str) -> String {
    match (path, missing_field_name(message)) {
        (".", Some(missing)) => missing.to_owned(),
        (".", None) => "body".to_owned(),
        // An unknown field's path already ends with it.
        (_, Some(named)) if path == named || path.ends_with(&format!(".{named}")) => {
            path.to_owned()
        }
        (_, Some(missing)) => format!("{path}.{missing}"),
        (_, None) => path.to_owned(),
    }
}

/// The field serde names only in its message: a missing, repeated or unknown one.
fn missing_field_name(message: &str) -> Option<&str> {
    ["missing field `", "duplicate field `", "unknown field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next())
}

fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Search {
        q: String,
        limit: Option<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Signup {
        email: String,
        profile: Profile,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Profile {
        age: u8,
    }

    fn only_error(error: ApiError) -> FieldError {
        let problem = error.problem();
        assert_eq!(problem.status, 400);
        assert_eq!(problem.errors.len(), 1, "{problem:?}");
        problem.errors[0].clone()
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let cases = [
            ("q=x&limit=ten", "limit"),
            ("limit=5", "q"),
            ("q=x&limit=-1", "limit"),
        ];
        for (query, field) in cases {
            let error = only_error(parse_query::<Search>(query).unwrap_err());
            assert_eq!(error.field, field, "query {query}: {error:?}");
            assert_eq!(error.location, FieldLocation::Query);
        }
    }

    #[test]
    fn json_errors_name_the_field_path() {
        let cases = [
            (r#"{"email": 5, "profile": {"age": 1}}"#, "email"),
            (
                r#"{"email": "a@b.c", "profile": {"age": 300}}"#,
                "profile.age",
            ),
            (r#"{"profile": {"age": 1}}"#, "email"),
            (r#"{"email": "a@b.c", "profile": {"age": 1}"#, "body"),
            (
                r#"{"email": "a@b.c", "profile": {"age": 1}} trailing"#,
                "body",
            ),
            ("", "body"),
        ];
        for (body, field) in cases {
            let error = only_error(parse_json::<Signup>(body.as_bytes()).unwrap_err());
            assert_eq!(error.field, field, "body {body}: {error:?}");
            assert_eq!(error.location, FieldLocation::Body);
        }
    }

    #[test]
    fn json_content_types_are_recognised() {
        for (value, expected) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("application/merge-patch+json", true),
            ("text/plain", false),
        ] {
            let header = header::HeaderValue::from_static(value);
            assert_eq!(is_json(Some(&header)), expected, "{value}");
        }
        assert!(!is_json(None));
    }
}
