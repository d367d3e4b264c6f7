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
        (name = "stories", description = "Share your story: the form, submissions, published stories, withdrawal"),
        (name = "moderation", description = "For moderators: queues and decisions"),
        (name = "community", description = "Join the ImmunoCommunity: signup with double opt-in, unsubscribe, erasure"),
        (name = "members", description = "For signed-in members (Facebook or Google): who I am, my stories, my \
            subscription, deleting my account"),
    ),
    components(schemas(
        shared::Problem,
        shared::FieldError,
        shared::http::lang::Lang,
        glossary::http::Letter,
        glossary::http::MatchParam
    )),
    modifiers(&SecuritySchemes, &SharedResponses)
)]
struct ApiDoc;

/// The responses many routes share (`shared::http::responses`), referenced by name.
struct SharedResponses;

impl utoipa::Modify for SharedResponses {
    fn modify(&self, document: &mut OpenApi) {
        let components = document.components.get_or_insert_with(Default::default);
        components.responses.extend(shared::http::responses::all());
    }
}

/// The bearer tokens the API accepts.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, document: &mut OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "moderator_jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A Cognito ID token of a user in the `moderators` group.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "member_jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A Cognito ID token of the members' pool, issued to the site's app client.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "withdrawal_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The withdrawal token returned when the story was submitted.",
                    ))
                    .build(),
            ),
        );
    }
}

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
