//! The GET route of a public form, alike for every form: the form in the negotiated language
//! around a fresh token, never cached. Each function names the route and renders its own form.

use std::sync::Arc;

use crate::clock::Clock;
use crate::forms::captcha::CaptchaInfo;
use crate::forms::pipeline::FormPipeline;

/// What a form's GET route needs: token issuing, the CAPTCHA widget's settings and the time.
#[derive(Clone)]
pub struct FormState {
    pub form: FormPipeline,
    pub captcha: CaptchaInfo,
    pub clock: Arc<dyn Clock>,
}

/// Defines a form's GET route `$name` (with its OpenAPI description) answering the form that
/// `$render` makes from the route's `FormState`, the negotiated `Lang` and the issued token.
///
/// ```text
/// shared::form_route! {
///     /// The signup form: …
///     get_form, operation_id = "get_signup_form", path = "/v1/community/form",
///     tag = "community", body = SignupForm,
///     |state, lang, issued| SignupForm { … }
/// }
/// ```
#[macro_export]
macro_rules! form_route {
    (
        $(#[$meta:meta])*
        $name:ident, operation_id = $operation:literal, path = $path:literal,
        tag = $tag:literal, body = $body:ident,
        $render:expr $(,)?
    ) => {
        $(#[$meta])*
        #[utoipa::path(
            get,
            // Unique across the API: generated clients name their operations by it.
            operation_id = $operation,
            path = $path,
            tag = $tag,
            params(::shared::http::lang::LangParam, ::shared::http::caching::ConditionalHeaders),
            responses(
                (status = 200, description = "The form, in the negotiated language. Never cached: the token is fresh.",
                    body = $body, headers(("Content-Language" = String), ("Cache-Control" = String))),
                (status = 400, description = "Unsupported `lang`.", body = ::shared::Problem, content_type = "application/problem+json"),
                (status = 503, response = ::shared::http::responses::Unavailable),
            )
        )]
        pub(super) async fn $name(
            ::axum::extract::State(state): ::axum::extract::State<::shared::forms::form_route::FormState>,
            ::shared::http::extract::Query(params): ::shared::http::extract::Query<::shared::http::lang::LangParam>,
            headers: ::axum::http::HeaderMap,
        ) -> Result<::axum::response::Response, ::shared::ApiError> {
            let render: fn(
                &::shared::forms::form_route::FormState,
                ::shared::http::lang::Lang,
                ::shared::forms::guard::IssuedToken,
            ) -> $body = $render;
            let now = state.clock.now();
            state
                .form
                .serve_form(&params, &headers, now, |lang, issued| render(&state, lang, issued))
        }
    };
}
