//! Logs: JSON lines with the request id, route and cold-start flag; never paths, queries,
//! bodies, client addresses or personal data.
//!
//! Every test in this binary logs into one captured buffer (`captured_logs()`), so that a test
//! can scan what the whole of its scenario logged.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use serde_json::Value;
use shared::telemetry::{self, LogFormat};
use tower::ServiceExt;

use crate::helpers::{http_config, seeded_stores};

/// A writer that keeps everything in memory.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

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

/// The process-wide log capture, in the JSON format Lambda uses; installed on first use.
pub fn captured_logs() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            tracing::subscriber::set_global_default(telemetry::subscriber(
                LogFormat::Json,
                captured.clone(),
            ))
            .expect("no other global subscriber in the test binary");
            captured
        })
        .clone()
}

/// Asserts that none of `secrets` appears anywhere in the captured logs.
pub fn assert_logs_never_mention(secrets: &[&str]) {
    let text = captured_logs().text();
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` leaked into the logs");
    }
}

#[tokio::test]
async fn request_logs_are_json_with_ids_and_without_request_data() {
    let logs = captured_logs();
    let app = immunoguide::app(
        &seeded_stores().await,
        &immunoguide::Options::local(http_config()),
    );
    let request_id = format!("log-test-{}", uuid::Uuid::new_v4());

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
            .header("x-request-id", &request_id)
            .body(Body::from(secrets[1]))
            .unwrap();
        app.clone().oneshot(request).await.unwrap();
    }

    assert_logs_never_mention(&secrets);
    let lines: Vec<Value> = logs
        .text()
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON line: {line}"))
        })
        .collect();
    let answered: Vec<&Value> = lines
        .iter()
        .filter(|line| {
            line["message"] == "answered" && line["span"]["request_id"] == request_id.as_str()
        })
        .collect();
    assert_eq!(
        answered.len(),
        requests.len(),
        "one access line per request"
    );
    for line in &answered {
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
