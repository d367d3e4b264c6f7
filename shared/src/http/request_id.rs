//! One id per request, in logs and in the `x-request-id` response header.
//!
//! In Lambda it is API Gateway's own request id, so that a caller's id leads to the access log;
//! locally a sane client-supplied id is kept, else a new UUID is made.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request, available to handlers as an extension.
#[derive(Debug, Clone)]
pub struct RequestId(pub HeaderValue);

impl RequestId {
    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }
}

pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = api_gateway_id(&request)
        .or_else(|| client_id(&request))
        .unwrap_or_else(|| {
            HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).expect("a UUID is ASCII")
        });
    request.headers_mut().insert(X_REQUEST_ID, id.clone());
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID, id);
    response
}

fn api_gateway_id(request: &Request) -> Option<HeaderValue> {
    match request.request_context_ref()? {
        RequestContext::ApiGatewayV2(context) => {
            HeaderValue::from_str(context.request_id.as_deref()?).ok()
        }
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// Ids longer than a UUID-ish token or with odd characters are replaced, to keep logs clean.
fn client_id(request: &Request) -> Option<HeaderValue> {
    let value = request.headers().get(X_REQUEST_ID)?;
    let text = value.to_str().ok()?;
    let sane = (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    sane.then(|| value.clone())
}
