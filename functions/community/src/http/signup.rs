use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::Value;
use shared::forms::pipeline::{respond, GuardedFields, Submission};
use shared::http::client_address::ClientAddress;
use shared::http::extract::Json;
use shared::http::lang::Lang;
use shared::{ApiError, Problem};

use super::{metric, CommunityState, SignupAccepted, WRITE_ATTEMPTS};
use crate::domain::member;
use crate::domain::signup::{validate, SignupInput, ValidSignup};
use crate::domain::tokens::MemberToken;
use crate::store::Write;

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
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Makes retries safe: the same key and body get the same answer for 24 hours.")),
    responses(
        (status = 202, description = "Accepted; the address's owner gets an email if it can join.", body = SignupAccepted),
        (status = 400, description = "A field is invalid (each is named in `errors`), the form token is too \
            fresh, too old or forged, or the honeypot was filled in.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "A request with this Idempotency-Key is still being processed.",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 8 KB.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "This Idempotency-Key was used with another body.",
            body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many signups from this network; see `Retry-After`.",
            body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
    )
)]
pub(super) async fn sign_up(
    State(state): State<CommunityState>,
    client: ClientAddress,
    headers: HeaderMap,
    Json(payload): Json<Value>,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let submission = Submission {
        headers,
        payload,
        client,
        now,
    };
    let validate = |input: &SignupInput| validate(input).map_err(ApiError::invalid);
    let state = &state;
    let outcome = state
        .form
        .submit(submission, validate, |signup| async move {
            record_signup(state, &signup, now).await?;
            state.metrics.count(metric::ACCEPTED);
            let body = serde_json::to_value(accepted(signup.lang)).expect("serializes");
            Ok((StatusCode::ACCEPTED, body))
        })
        .await?;
    Ok(respond(&outcome, &outcome.body))
}

impl GuardedFields for SignupInput {
    fn honeypot(&self) -> Option<&str> {
        self.website.as_deref()
    }

    fn form_token(&self) -> &str {
        &self.form_token
    }
}

/// Read, decide, write if unchanged since the read: concurrent signups for one address
/// serialize on the record's version, so one record and a bounded number of emails result.
async fn record_signup(
    state: &CommunityState,
    signup: &ValidSignup,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let email_hash = state.email_hash(signup.email.as_str());
    for _ in 0..WRITE_ATTEMPTS {
        let existing = state.members.get(&email_hash, now).await?;
        let (token, token_sha256) = MemberToken::new_confirmation(&email_hash);
        let Some(change) =
            member::sign_up(existing.as_ref(), signup, &email_hash, &token_sha256, now)
        else {
            return Ok(());
        };
        match state
            .store(&change, existing.as_ref().map(|record| record.version))
            .await?
        {
            Write::Done => {
                state.send(&change, &token).await;
                return Ok(());
            }
            Write::Conflict => super::back_off().await,
        }
    }
    Ok(())
}
