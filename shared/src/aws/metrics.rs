//! CloudWatch metrics in Embedded Metric Format: one JSON line per count, which Lambda's log
//! pipeline turns into metrics without an API call. Dimensions never hold personal data.

use std::sync::{Arc, Mutex};

use serde_json::json;

pub const NAMESPACE: &str = "immunoguide";

/// Where metric lines go.
pub trait MetricSink: Send + Sync + 'static {
    fn write(&self, line: String);
}

/// Standard output, where Lambda picks EMF lines up.
#[derive(Debug, Default)]
pub struct StdoutSink;

impl MetricSink for StdoutSink {
    fn write(&self, line: String) {
        println!("{line}");
    }
}

/// Kept in memory, for tests.
#[derive(Debug, Default)]
pub struct MemorySink(Mutex<Vec<String>>);

impl MemorySink {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().expect("lock poisoned").clone()
    }
}

impl MetricSink for MemorySink {
    fn write(&self, line: String) {
        self.0.lock().expect("lock poisoned").push(line);
    }
}

/// Counters for one function.
#[derive(Clone)]
pub struct Metrics {
    function: &'static str,
    sink: Arc<dyn MetricSink>,
}

impl Metrics {
    pub fn new(function: &'static str, sink: Arc<dyn MetricSink>) -> Self {
        Self { function, sink }
    }

    /// EMF on standard output in Lambda; nowhere locally, where nothing collects it.
    pub fn for_environment(function: &'static str) -> Self {
        if crate::config::running_in_lambda() {
            Self::new(function, Arc::new(StdoutSink))
        } else {
            Self::new(function, Arc::new(DiscardSink))
        }
    }

    pub fn count(&self, name: &str) {
        let line = json!({
            "_aws": {
                "Timestamp": chrono::Utc::now().timestamp_millis(),
                "CloudWatchMetrics": [{
                    "Namespace": NAMESPACE,
                    "Dimensions": [["function"]],
                    "Metrics": [{"Name": name, "Unit": "Count"}],
                }],
            },
            "function": self.function,
            name: 1,
        });
        self.sink.write(line.to_string());
    }
}

#[derive(Debug, Default)]
struct DiscardSink;

impl MetricSink for DiscardSink {
    fn write(&self, _line: String) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_embedded_metric_format() {
        let sink = Arc::new(MemorySink::default());
        Metrics::new("stories", sink.clone()).count("StorySubmitted");
        let line: serde_json::Value = serde_json::from_str(&sink.lines()[0]).unwrap();
        assert_eq!(line["_aws"]["CloudWatchMetrics"][0]["Namespace"], NAMESPACE);
        assert_eq!(
            line["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Name"],
            "StorySubmitted"
        );
        assert_eq!(line["StorySubmitted"], 1);
        assert_eq!(line["function"], "stories");
        assert!(line["_aws"]["Timestamp"].is_i64());
    }
}
