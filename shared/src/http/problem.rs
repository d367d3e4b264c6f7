//! RFC 9457 `application/problem+json` errors: the only error shape the API ever answers with.

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::storage::StorageError;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// Problem type URIs are `tag:` URIs (RFC 4151): stable identifiers that RFC 9457 allows when
/// the type is not meant to be dereferenced.
const TYPE_PREFIX: &str = "tag:immunoguide.org,2026:problems/";

/// How long a client waits before retrying a 503: long enough for a throttled table or a
/// restarted dependency, short enough that a person retrying by hand is not kept waiting.
pub const UNAVAILABLE_RETRY_AFTER_SECONDS: u64 = 2;

/// One RFC 9457 problem details object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI identifying the problem type; `about:blank` when the status code says it all.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Field-level errors, one per offending field (extension member).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Values the client may use instead, where the problem is an unsupported value (extension member).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported: Vec<String>,
}

/// Where a field error was found and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The part of the request holding the field.
    #[serde(rename = "in")]
    pub location: FieldLocation,
    /// The field's name (a dotted path inside a JSON body).
    pub field: String,
    /// What is wrong, in words a developer can act on.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FieldLocation {
    Query,
    Path,
    Header,
    Body,
}

impl FieldError {
    pub fn new(
        location: FieldLocation,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            location,
            field: field.into(),
            message: message.into(),
        }
    }
}

impl Problem {
    /// A problem that says no more than its status code.
    pub fn from_status(status: StatusCode) -> Self {
        Self {
            problem_type: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            supported: Vec::new(),
        }
    }

    fn typed(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("{TYPE_PREFIX}{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            errors: Vec::new(),
            supported: Vec::new(),
        }
    }

    /// The problem, naming `field` in `errors` too.
    pub fn with_field(mut self, field: FieldError) -> Self {
        self.errors.push(field);
        self
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).expect("a Problem always serializes");
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        // Every 503, whoever made it (a store, a timeout), says when to try again.
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(UNAVAILABLE_RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

/// The error every handler returns. Server-side causes are logged, never shown to the client.
#[derive(Debug, thiserror::Error)]
#[error("{}", .problem.title)]
pub struct ApiError {
    // Boxed to keep `Result<_, ApiError>` small on the success path.
    problem: Box<Problem>,
    /// Headers the answer needs, such as `Retry-After` or `WWW-Authenticate`.
    headers: Vec<(HeaderName, HeaderValue)>,
    #[source]
    cause: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ApiError {
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The error, naming `field` in its problem's `errors` too.
    pub fn with_field(mut self, field: FieldError) -> Self {
        self.problem.errors.push(field);
        self
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::typed(StatusCode::NOT_FOUND, "not-found", "Not Found", detail).into()
    }

    /// 400 for one or more invalid fields; each is named in `errors`.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [only] => format!(
                "{} `{}`: {}",
                only.location.as_str(),
                only.field,
                only.message
            ),
            _ => format!("{} fields are invalid; see `errors`.", errors.len()),
        };
        let mut problem = Problem::typed(
            StatusCode::BAD_REQUEST,
            "invalid-request",
            "Invalid request",
            detail,
        );
        problem.errors = errors;
        problem.into()
    }

    pub fn invalid_field(location: FieldLocation, field: &str, message: impl Into<String>) -> Self {
        Self::invalid(vec![FieldError::new(location, field, message)])
    }

    /// 400 for a value outside a fixed set, listing the values that are accepted.
    pub fn unsupported_value(
        location: FieldLocation,
        field: &str,
        given: &str,
        supported: &[&str],
    ) -> Self {
        let message = format!(
            "`{given}` is not supported; use one of: {}",
            supported.join(", ")
        );
        let mut error = Self::invalid_field(location, field, message);
        error.problem.problem_type = format!("{TYPE_PREFIX}unsupported-value");
        error.problem.supported = supported.iter().map(|s| (*s).to_owned()).collect();
        error
    }

    pub fn payload_too_large(limit_bytes: usize) -> Self {
        Problem::typed(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Payload Too Large",
            format!("The request body must be at most {limit_bytes} bytes."),
        )
        .with_field(FieldError::new(
            FieldLocation::Body,
            "body",
            format!("must be at most {limit_bytes} bytes"),
        ))
        .into()
    }

    pub fn unsupported_media_type(expected: &str) -> Self {
        Problem::typed(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported Media Type",
            format!("The request body must be sent as `{expected}`."),
        )
        .with_field(FieldError::new(
            FieldLocation::Header,
            "Content-Type",
            format!("must be `{expected}`"),
        ))
        .into()
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        let mut error: Self = Problem::typed(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too Many Requests",
            format!("Too many submissions from this network; try again in {retry_after_seconds} seconds."),
        )
        .into();
        error
            .headers
            .push((header::RETRY_AFTER, HeaderValue::from(retry_after_seconds)));
        error
    }

    /// 401 with a Bearer challenge.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        let mut error: Self = Problem::typed(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            detail,
        )
        .with_field(FieldError::new(
            FieldLocation::Header,
            "Authorization",
            "must carry a valid bearer token",
        ))
        .into();
        error
            .headers
            .push((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        error
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Problem::typed(StatusCode::FORBIDDEN, "forbidden", "Forbidden", detail).into()
    }

    /// 409: the request conflicts with the resource's current state.
    pub fn conflict(kind: &str, detail: impl Into<String>) -> Self {
        Problem::typed(StatusCode::CONFLICT, kind, "Conflict", detail).into()
    }

    /// 422: well-formed, but not processable as sent.
    pub fn unprocessable(kind: &str, detail: impl Into<String>) -> Self {
        Problem::typed(
            StatusCode::UNPROCESSABLE_ENTITY,
            kind,
            "Unprocessable Content",
            detail,
        )
        .into()
    }

    /// 503 for a dependency that failed (its answer carries `Retry-After`); the cause is logged.
    pub fn unavailable(
        detail: impl Into<String>,
        cause: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        let mut error: Self = Problem::typed(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service Unavailable",
            detail,
        )
        .into();
        error.cause = Some(cause.into());
        error
    }

    /// 500 whose cause is logged and whose answer says nothing about it.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            problem: Box::new(Problem::from_status(StatusCode::INTERNAL_SERVER_ERROR)),
            headers: Vec::new(),
            cause: Some(cause.into()),
        }
    }
}

impl FieldLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query parameter",
            Self::Path => "path parameter",
            Self::Header => "header",
            Self::Body => "body field",
        }
    }
}

impl From<StorageError> for ApiError {
    /// An unreachable store is a 503 (the same request may work in a moment, and clients say
    /// "try again"); an unreadable item is our fault, a 500. Either cause is logged, not shown.
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Unavailable(_) => ApiError::unavailable(
                "The service cannot reach its data right now; please try again in a moment.",
                error,
            ),
            StorageError::Corrupt(_) => ApiError::internal(error),
        }
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        Self {
            problem: Box::new(problem),
            headers: Vec::new(),
            cause: None,
        }
    }
}

/// The server-side cause of an error answer, carried in the response's extensions for the
/// logging middleware (`stack::layered`) to log once; it never reaches the client.
#[derive(Debug, Clone)]
pub struct ErrorCause(pub std::sync::Arc<str>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (*self.problem).into_response();
        response.headers_mut().extend(self.headers);
        if let Some(cause) = &self.cause {
            // Causes come from our own code and AWS SDK errors, which carry no request data.
            let text = DisplayChain(cause.as_ref()).to_string();
            response.extensions_mut().insert(ErrorCause(text.into()));
        }
        response
    }
}

/// Displays an error with its sources, so a log line explains a failure by itself.
struct DisplayChain<'a>(&'a (dyn std::error::Error + 'static));

impl std::fmt::Display for DisplayChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(next) = source {
            write!(f, ": {next}")?;
            source = next.source();
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "problem_tests.rs"]
mod tests;
