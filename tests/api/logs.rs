//! Logs: JSON lines with the request id, route and cold-start flag; never paths, queries,
//! bodies or client addresses.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use serde_json::Value;
use shared::clock::SystemClock;
use shared::telemetry::{self, LogFormat};
use tower::ServiceExt;

use crate::helpers::{http_config, seeded_stores};

/// A writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> tracing_subscriber::fmt::MakeWriter<'w> for Captured {
    type Writer = Captured;

    fn make_writer(&'w self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn request_logs_are_json_with_ids_and_without_request_data() {
    let captured = Captured::default();
    let _guard =
        tracing::subscriber::set_default(telemetry::subscriber(LogFormat::Json, captured.clone()));
    let app = immunoguide::app(
        &seeded_stores().await,
        Arc::new(SystemClock),
        &http_config(),
    );

    let secrets = [
        "patient.name@example.org",
        "my private story text",
        "198.51.100.23",
    ];
    let requests = [
        format!(
            "/v1/pages/clinical-trials-overview?lang=es&email={}",
            secrets[0]
        ),
        "/v1/pages?lang=fr".to_owned(),
        "/v1/contact".to_owned(),
        "/nowhere/patient.name@example.org".to_owned(),
    ];
    for uri in &requests {
        let request = http::Request::get(uri.as_str())
            .header("x-forwarded-for", secrets[2])
            .header("x-request-id", "log-test-id")
            .body(Body::from(secrets[1]))
            .unwrap();
        app.clone().oneshot(request).await.unwrap();
    }

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "`{secret}` leaked into the logs:\n{text}"
        );
    }
    let lines: Vec<Value> = text
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON line: {line}"))
        })
        .collect();
    let answered: Vec<&Value> = lines
        .iter()
        .filter(|line| line["message"] == "answered")
        .collect();
    assert_eq!(
        answered.len(),
        requests.len(),
        "one access line per request:\n{text}"
    );
    for line in &answered {
        assert_eq!(line["span"]["request_id"], "log-test-id", "{line}");
        assert!(line["span"]["cold_start"].is_boolean(), "{line}");
        assert!(
            line["status"].is_u64() && line["latency_ms"].is_number(),
            "{line}"
        );
        assert_eq!(line["level"], "INFO");
    }
    let routes: Vec<&str> = answered
        .iter()
        .map(|line| line["span"]["route"].as_str().unwrap())
        .collect();
    assert_eq!(
        routes,
        ["/v1/pages/{slug}", "/v1/pages", "/v1/contact", "unmatched"]
    );
}
