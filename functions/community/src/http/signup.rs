//! Signing up through the guarded-POST pipeline.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use shared::forms::pipeline::{respond, Submission};
use shared::http::lang::Lang;
use shared::{ApiError, Problem};

use super::answers::BodyOver8Kb;
use super::{metric, SignupAccepted, SignupInput, SignupState};
use crate::app;
use crate::domain::signup::validate;
use shared::forms::openapi::{GuardedPostAnswers, IdempotencyKeyHeader};
use shared::http::responses::IdempotencyInFlight;

fn accepted(lang: Lang) -> SignupAccepted {
    SignupAccepted {
        status: "accepted",
        message: match lang {
            Lang::En => "Thank you. Please check your inbox: if this address can join, we have sent it an email with the next step.",
            Lang::Es => "Gracias. Revise su bandeja de entrada: si esta dirección puede unirse, le hemos enviado un correo con el siguiente paso.",
        },
    }
}

/// Asks to join. The answer is the same whatever the address's state (new, pending, member,
/// unsubscribed, erased): what happened is told to the address's owner by email.
#[utoipa::path(
    post,
    path = "/v1/community/signups",
    tag = "community",
    request_body(content = SignupInput, content_type = "application/json"),
    params(IdempotencyKeyHeader),
    responses(
        (status = 202, description = "Accepted; the address's owner gets an email if it can join.", body = SignupAccepted),
        (status = 400, description = "A field is invalid (each is named in `errors`), the form token is too \
            fresh, too old or forged, or the honeypot was filled in.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, response = IdempotencyInFlight),
        BodyOver8Kb,
        GuardedPostAnswers,
    )
)]
pub(super) async fn sign_up(
    State(state): State<SignupState>,
    submission: Submission,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let validate = |input: &SignupInput| Ok(validate(&input.draft())?);
    let state = &state;
    let outcome = state
        .form
        .submit(submission, now, validate, |signup| async move {
            let (reader, writer) = (state.members.reader.as_ref(), state.members.writer.as_ref());
            let signed_up = app::sign_up(
                reader,
                writer,
                &state.notifier,
                &state.email_hash_key,
                &signup,
                now,
            )
            .await?;
            if signed_up.mail_failed {
                state.metrics.count(metric::MAIL_FAILED);
            }
            if signed_up.mail_budget_spent {
                state.metrics.count(metric::MAIL_BUDGET_SPENT);
            }
            state.metrics.count(metric::ACCEPTED);
            let body = serde_json::to_value(accepted(signup.lang)).expect("serializes");
            Ok((StatusCode::ACCEPTED, body))
        })
        .await?;
    Ok(respond(&outcome, &outcome.body))
}
