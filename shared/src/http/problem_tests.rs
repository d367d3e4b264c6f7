//! How problems are built and rendered.

use super::*;

#[test]
fn bare_status_problem_uses_about_blank_and_reason_phrase() {
    let problem = Problem::from_status(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(problem.problem_type, "about:blank");
    assert_eq!(problem.title, "Method Not Allowed");
    assert_eq!(problem.status, 405);
}

#[test]
fn unsupported_value_names_the_field_and_lists_the_alternatives() {
    let error = ApiError::unsupported_value(FieldLocation::Query, "lang", "fr", &["en", "es"]);
    let problem = error.problem();
    assert_eq!(problem.status, 400);
    assert_eq!(problem.supported, vec!["en", "es"]);
    assert_eq!(problem.errors[0].field, "lang");
    assert!(problem.detail.as_deref().unwrap().contains("en, es"));
}

#[test]
fn internal_errors_hide_their_cause_from_the_client() {
    let error = ApiError::internal("table `secret-name` unreachable");
    let json = serde_json::to_string(error.problem()).unwrap();
    assert!(!json.contains("secret-name"), "{json}");
}

#[test]
fn an_unreachable_store_is_503_and_a_corrupt_item_500() {
    let unreachable = StorageError::unavailable(std::io::Error::other("connection refused"));
    let response = ApiError::from(unreachable).into_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()[header::RETRY_AFTER], "2");
    let corrupt = StorageError::Corrupt("no body".to_owned());
    assert_eq!(ApiError::from(corrupt).into_response().status(), 500);
}
