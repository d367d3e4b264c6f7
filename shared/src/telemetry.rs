//! Logging: JSON lines in Lambda (CloudWatch Logs Insights can query them), readable text locally.
//!
//! Request bodies, paths, queries and client addresses are never logged.

use std::sync::atomic::{AtomicBool, Ordering};

use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::config::running_in_lambda;

static COLD_START: AtomicBool = AtomicBool::new(true);

/// True for the first request this process serves, false after.
pub fn take_cold_start() -> bool {
    COLD_START.swap(false, Ordering::Relaxed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line, with the request span's fields.
    Json,
    /// Compact human-readable lines.
    Text,
}

impl LogFormat {
    pub fn for_environment() -> Self {
        if running_in_lambda() {
            Self::Json
        } else {
            Self::Text
        }
    }
}

/// A subscriber writing to `writer`; `RUST_LOG` filters (default `info`).
pub fn subscriber<W>(format: LogFormat, writer: W) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match format {
        LogFormat::Json => Box::new(
            builder
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .with_span_list(false)
                .with_target(false)
                .with_ansi(false)
                .finish(),
        ),
        LogFormat::Text => Box::new(builder.compact().with_target(false).finish()),
    }
}

/// Installs the global subscriber for this environment; a second call keeps the first.
pub fn init() {
    let _ = tracing::subscriber::set_global_default(subscriber(
        LogFormat::for_environment(),
        std::io::stdout,
    ));
}
