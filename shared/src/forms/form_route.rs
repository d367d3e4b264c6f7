//! The GET route of a public form, alike for every form: the form in the negotiated language
//! around a fresh token, never cached. Each function names the route and renders its own form.

use std::sync::Arc;

use serde::Serialize;

use crate::clock::Clock;
use crate::forms::captcha::CaptchaInfo;
use crate::forms::guard::{IssuedToken, HONEYPOT_FIELD};
use crate::forms::pipeline::FormPipeline;

/// What a form's GET route needs: token issuing, the CAPTCHA widget's settings and the time.
#[derive(Clone)]
pub struct FormState {
    pub form: FormPipeline,
    pub captcha: CaptchaInfo,
    pub clock: Arc<dyn Clock>,
}

/// The part of every form that guards its POST, alike in each (flattened into the form's JSON):
/// the honeypot, the fresh token with its window, and the CAPTCHA widget.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FormGuardView {
    /// A field to render hidden from people and send empty.
    pub honeypot_field: &'static str,
    /// Send this back as `form_token`; valid from `form_token_min_seconds` after issue to
    /// `form_token_max_seconds`.
    pub form_token: String,
    pub form_token_min_seconds: u64,
    pub form_token_max_seconds: u64,
    /// The CAPTCHA to show; send its answer back as `captcha_token`.
    pub captcha: CaptchaInfo,
}

impl FormState {
    /// The guard's part of a form, around a freshly issued token.
    pub fn guard_view(&self, issued: IssuedToken) -> FormGuardView {
        FormGuardView {
            honeypot_field: HONEYPOT_FIELD,
            form_token: issued.token,
            form_token_min_seconds: issued.min_seconds,
            form_token_max_seconds: issued.max_seconds,
            captcha: self.captcha.clone(),
        }
    }
}

/// Defines a form's GET route `$name` (with its OpenAPI description) answering the form that
/// `$render` makes from the route's `FormState`, the negotiated `Lang` and the guard's part of the
/// form (`FormGuardView`, around the issued token).
///
/// ```text
/// shared::form_route! {
///     /// The signup form: …
///     get_form, operation_id = "get_signup_form", path = "/v1/community/form",
///     tag = "community", body = SignupForm,
///     |state, lang, guard| SignupForm { …, guard }
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
                ::shared::forms::form_route::FormGuardView,
            ) -> $body = $render;
            let now = state.clock.now();
            state
                .form
                .serve_form(&params, &headers, now, |lang, issued| render(&state, lang, state.guard_view(issued)))
        }
    };
}
