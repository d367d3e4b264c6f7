//! The OpenAPI 3.1 document: generated from the routes, so it cannot drift from them.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::OpenApi;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "immunoguide API",
        description = "Patient information on cancer immunotherapy clinical trials, in English and Spanish. \
            Errors are RFC 9457 problem details (`application/problem+json`).",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = "content", description = "Pages and the trial line"),
        (name = "glossary", description = "The NCI Dictionary of Cancer Terms, in English and Spanish: \
            terms, A–Z browse, ranked search and suggestions. Definitions from the NCI Dictionary of Cancer \
            Terms, National Cancer Institute (public domain)."),
    ),
    components(schemas(
        shared::Problem,
        shared::FieldError,
        shared::lang::Lang,
        glossary::http::Letter,
        glossary::http::MatchParam
    ))
)]
struct ApiDoc;

pub fn base() -> OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}

/// `GET /v1/openapi.json`, served by the local server.
pub fn route(document: OpenApi) -> Router {
    let json = serde_json::to_value(&document).expect("the OpenAPI document serializes");
    Router::new().route("/v1/openapi.json", get(move || async move { Json(json) }))
}

/// The document as committed to `docs/openapi.json`.
pub fn pretty_json(document: &OpenApi) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("the OpenAPI document serializes");
    text.push('\n');
    text
}
