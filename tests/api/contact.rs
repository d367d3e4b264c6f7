//! The trial line, with `open_now` computed from fixed clocks.

use crate::helpers::spawn_app_at;
use serde_json::Value;

async fn contact_at(now: &str, query: &str) -> (reqwest::header::HeaderMap, Value) {
    let app = spawn_app_at(now).await;
    let response = app.get(&format!("/v1/contact{query}")).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    (headers, response.json().await.unwrap())
}

#[tokio::test]
async fn the_trial_line_is_open_on_a_weekday_morning_in_new_york() {
    // Friday 2026-11-27, 10:00 EST.
    let (_, contact) = contact_at("2026-11-27T15:00:00Z", "").await;
    assert_eq!(contact["phone"]["e164"], "+18552160127");
    assert_eq!(contact["phone"]["display"], "1-855-216-0127");
    assert_eq!(contact["hours"]["opens"], "08:30");
    assert_eq!(contact["hours"]["closes"], "18:00");
    assert_eq!(contact["hours"]["time_zone"], "America/New_York");
    assert_eq!(contact["hours"]["days"], serde_json::json!([1, 2, 3, 4, 5]));
    assert_eq!(contact["languages"][1]["code"], "es");
    assert_eq!(contact["open_now"], true);
    assert_eq!(contact["closes_at"], "2026-11-27T18:00:00-05:00");
    assert_eq!(contact["next_open_at"], "2026-11-30T08:30:00-05:00");
}

#[tokio::test]
async fn the_trial_line_is_closed_at_the_weekend_and_opens_on_monday() {
    // Sunday 2026-03-08, the day clocks spring forward: Monday opens at 08:30 EDT.
    let (_, contact) = contact_at("2026-03-08T16:00:00Z", "?lang=es").await;
    assert_eq!(contact["open_now"], false);
    assert_eq!(contact["closes_at"], Value::Null);
    assert_eq!(contact["next_open_at"], "2026-03-09T08:30:00-04:00");
    assert!(contact["hours"]["description"]
        .as_str()
        .unwrap()
        .starts_with("De lunes a viernes"));
}

#[tokio::test]
async fn the_contact_answer_is_never_cached_past_the_next_change() {
    // Monday 2026-11-30 08:29:40 EST: the line opens in 20 seconds.
    let (headers, contact) = contact_at("2026-11-30T13:29:40Z", "").await;
    assert_eq!(contact["open_now"], false);
    assert_eq!(
        headers["cache-control"],
        "public, max-age=20, s-maxage=20, stale-while-revalidate=10"
    );
    // Mid-morning: the usual short lifetime.
    let (headers, _) = contact_at("2026-11-30T15:00:00Z", "").await;
    assert_eq!(
        headers["cache-control"],
        "public, max-age=60, s-maxage=60, stale-while-revalidate=30"
    );
}
