//! The community form's CAPTCHA port, as the stories form has it: the form names the widget,
//! a signup without a passing answer is a 400 naming `captcha_token` with nothing stored or
//! sent, and an unreachable verifier is a 503, never a pass. A stand-in verifier plays Turnstile.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::Value;
use shared::forms::captcha::{CaptchaSettings, CaptchaVerifier};
use shared::http::problem::{ApiError, FieldLocation};

use crate::community_helpers::{signup_body, spawn_community_app_with, CommunityApp};
use crate::helpers::expect_problem;

/// Accepts `pass`, refuses any other answer, and is down for `down`.
struct FakeVerifier;

#[async_trait::async_trait]
impl CaptchaVerifier for FakeVerifier {
    async fn verify(&self, token: Option<&str>, field: &str) -> Result<(), ApiError> {
        match token {
            Some("pass") => Ok(()),
            Some("down") => Err(ApiError::unavailable(
                "The CAPTCHA could not be checked; please try again.",
                std::io::Error::other("verifier unreachable"),
            )),
            Some(_) => Err(ApiError::invalid_field(
                FieldLocation::Body,
                field,
                "was not accepted; please complete the challenge again",
            )),
            None => Err(ApiError::invalid_field(
                FieldLocation::Body,
                field,
                "is required",
            )),
        }
    }
}

async fn community_with_captcha() -> CommunityApp {
    spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.captcha = CaptchaSettings::Turnstile {
            secret: "test-secret".to_owned(),
            site_key: "0x-test-site-key".to_owned(),
            endpoint: None,
        };
        options.captcha = Arc::new(FakeVerifier);
    })
    .await
}

fn with_captcha(mut body: Value, answer: Option<&str>) -> Value {
    if let Some(answer) = answer {
        body["captcha_token"] = answer.into();
    }
    body
}

#[tokio::test]
async fn the_signup_form_names_its_captcha_widget() {
    let community = community_with_captcha().await;
    let form = community.form().await;
    assert_eq!(form["captcha"]["provider"], "turnstile");
    assert_eq!(form["captcha"]["site_key"], "0x-test-site-key");

    let plain = spawn_community_app_with(immunoguide::Stores::empty(), |_| {}).await;
    let form = plain.form().await;
    assert_eq!(form["captcha"]["provider"], "none");
    assert!(form["captcha"]["site_key"].is_null());
}

#[tokio::test]
async fn a_signup_needs_a_passing_captcha_answer() {
    let community = community_with_captcha().await;
    let tokens = community.form_tokens(4).await;
    let cases: [(Option<&str>, u16); 3] = [(None, 400), (Some("wrong"), 400), (Some("down"), 503)];
    for ((answer, status), token) in cases.iter().zip(&tokens) {
        let email = "captcha@example.org";
        let body = with_captcha(signup_body(email, token), *answer);
        let response = community.post("/v1/community/signups", &body).await;
        let problem = expect_problem(response, *status).await;
        if *status == 400 {
            assert_eq!(problem["errors"][0]["field"], "captcha_token", "{problem}");
        }
        assert!(
            community.member(email).await.is_none(),
            "{answer:?}: nothing stored"
        );
        assert!(
            community.mails_to(email).is_empty(),
            "{answer:?}: nothing sent"
        );
    }
    let body = with_captcha(signup_body("captcha@example.org", &tokens[3]), Some("pass"));
    let accepted = community.post("/v1/community/signups", &body).await;
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    assert_eq!(community.mails_to("captcha@example.org").len(), 1);
}
