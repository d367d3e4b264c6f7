//! `Idempotency-Key` handling, modelled on Powertools for AWS Lambda's idempotency utility:
//! the first request with a key runs and its answer is kept for a while; the same key and body
//! again get that answer; the same key with another body is 422; the same key while the first
//! request is still running is 409.

mod dynamo;
mod memory;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::http::{HeaderMap, HeaderName, StatusCode};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::http::problem::{ApiError, FieldLocation};
use crate::storage::StorageError;

pub use dynamo::DynamoIdempotencyStore;
pub use memory::MemoryIdempotencyStore;

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// What a stored record says about a new request with the same key.
#[derive(Debug, Clone, PartialEq)]
pub enum Begin {
    /// No live record: this request runs.
    Proceed,
    /// The first request finished with this answer.
    Replay(StoredResponse),
    /// The first request is still running.
    InFlight,
    /// The key was used with another body.
    Mismatch,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: Value,
}

/// A request's claim on a key: the fingerprint of its body, when it is made, when it lapses
/// while in progress (a crashed request must not block the key forever) and when a completed
/// record lapses.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub now: DateTime<Utc>,
    pub in_flight_until: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait IdempotencyStore: Send + Sync + 'static {
    /// Makes `claim`, unless a live record of its key exists.
    async fn begin(&self, claim: Claim<'_>) -> Result<Begin, StorageError>;

    /// Records the answer of the request that made `claim`, kept until the claim's
    /// `expires_at`.
    async fn complete(
        &self,
        claim: Claim<'_>,
        response: &StoredResponse,
    ) -> Result<(), StorageError>;

    /// Drops the claim of a request that failed, so that it can be retried.
    async fn release(&self, key: &str) -> Result<(), StorageError>;
}

/// A validated `Idempotency-Key` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MAX_LEN: usize = 255;

    /// The header's key, if any; a malformed one is a 400 naming the header.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, ApiError> {
        let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
            return Ok(None);
        };
        let text = value.to_str().unwrap_or_default();
        let valid =
            (1..=Self::MAX_LEN).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic());
        if !valid {
            return Err(ApiError::invalid_field(
                FieldLocation::Header,
                "Idempotency-Key",
                format!(
                    "must be 1 to {} visible ASCII characters, such as a UUID",
                    Self::MAX_LEN
                ),
            ));
        }
        Ok(Some(Self(text.to_owned())))
    }
}

impl IdempotencyKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer to an idempotent request: fresh, or replayed from the first request.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: StatusCode,
    pub body: Value,
    pub replayed: bool,
}

#[derive(Clone)]
pub struct Idempotency {
    store: Arc<dyn IdempotencyStore>,
    /// How long an answer is replayed.
    pub keep_for: Duration,
    /// How long a running request holds its key (longer than the Lambda timeout).
    pub in_flight_for: Duration,
    /// The work is idempotent by itself (it stores under an id derived from the request):
    /// a request that finds its key still held after waiting runs it instead of answering
    /// 409. A first request that did its work but could not record its answer (the store
    /// failed in between) then still gets the same answer on a retry.
    pub takeover: bool,
}

impl Idempotency {
    pub fn new(store: Arc<dyn IdempotencyStore>) -> Self {
        Self {
            store,
            keep_for: Duration::from_secs(24 * 3600),
            in_flight_for: Duration::from_secs(60),
            takeover: false,
        }
    }

    /// Runs `work` once per key and body within `scope`; without a key it just runs.
    /// Only successful answers are kept: a failed request can be retried with the same key.
    pub async fn run<W>(
        &self,
        scope: &str,
        key: Option<IdempotencyKey>,
        payload: &Value,
        now: DateTime<Utc>,
        work: W,
    ) -> Result<Outcome, ApiError>
    where
        W: Future<Output = Result<(StatusCode, Value), ApiError>>,
    {
        let fresh = |(status, body): (StatusCode, Value)| Outcome {
            status,
            body,
            replayed: false,
        };
        let Some(key) = key else {
            return work.await.map(fresh);
        };
        let record = format!("{scope}#{}", key.0);
        let fingerprint = fingerprint(payload);
        let claim = Claim {
            key: &record,
            fingerprint: &fingerprint,
            now,
            in_flight_until: now + self.in_flight_for,
            expires_at: now + self.keep_for,
        };
        match self.begin_or_wait(claim).await? {
            Begin::Proceed => {}
            Begin::Replay(stored) => {
                return Ok(Outcome {
                    status: StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK),
                    body: stored.body,
                    replayed: true,
                })
            }
            Begin::InFlight if self.takeover => {
                // Not our claim: record the answer if we can, never release it.
                let (status, body) = work.await?;
                let stored = StoredResponse {
                    status: status.as_u16(),
                    body: body.clone(),
                };
                if !status.is_success() {
                    return Ok(fresh((status, body)));
                }
                if let Err(error) = self.store.complete(claim, &stored).await {
                    tracing::error!(error = %error, "could not record an idempotent answer");
                }
                return Ok(fresh((status, body)));
            }
            Begin::InFlight => {
                return Err(ApiError::conflict(
                    "idempotency-in-flight",
                    "A request with this Idempotency-Key is still being processed; retry shortly.",
                ))
            }
            Begin::Mismatch => {
                return Err(ApiError::unprocessable(
                    "idempotency-key-reused",
                    "This Idempotency-Key was already used with a different request body.",
                ))
            }
        }
        match work.await {
            Ok((status, body)) if status.is_success() => {
                let stored = StoredResponse {
                    status: status.as_u16(),
                    body: body.clone(),
                };
                if let Err(error) = self.store.complete(claim, &stored).await {
                    // The work is done; failing the answer now would invite a duplicate retry.
                    // The claim lapses after `in_flight_for`.
                    tracing::error!(error = %error, "could not record an idempotent answer");
                }
                Ok(fresh((status, body)))
            }
            other => {
                self.store.release(&record).await?;
                other.map(fresh)
            }
        }
    }
}

impl Idempotency {
    /// Claims `record`; while another request holds it, waits a little for its answer (a
    /// double-click or a client's quick retry then gets the first answer, not a 409), within
    /// `IN_FLIGHT_WAIT`, well under the form functions' request timeout.
    async fn begin_or_wait(&self, claim: Claim<'_>) -> Result<Begin, StorageError> {
        let mut pause = Duration::from_millis(25);
        let mut waited = Duration::ZERO;
        loop {
            let begin = self.store.begin(claim).await?;
            if begin != Begin::InFlight || waited >= IN_FLIGHT_WAIT {
                return Ok(begin);
            }
            tokio::time::sleep(pause).await;
            waited += pause;
            pause = (pause * 2).min(Duration::from_millis(400));
        }
    }
}

/// How long a request waits for another holding its key before answering 409.
const IN_FLIGHT_WAIT: Duration = Duration::from_secs(3);

/// A digest of the body's JSON value, so that key order and spacing do not matter.
pub fn fingerprint(payload: &Value) -> String {
    let canonical = serde_json::to_vec(payload).expect("a JSON value serializes");
    hex::encode(Sha256::digest(canonical))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde_json::json;

    /// Any fixed instant: these tests are about durations, not dates.
    fn fixed_now() -> DateTime<Utc> {
        "2026-11-27T15:00:00Z".parse().unwrap()
    }

    fn idempotency() -> Idempotency {
        Idempotency::new(Arc::new(MemoryIdempotencyStore::default()))
    }

    fn key(text: &str) -> Option<IdempotencyKey> {
        Some(IdempotencyKey(text.to_owned()))
    }

    #[tokio::test]
    async fn the_same_key_and_body_replays_the_first_answer() {
        let idempotency = idempotency();
        let now = fixed_now();
        let first = idempotency
            .run("s", key("k"), &json!({"a": 1, "b": 2}), now, async {
                Ok((StatusCode::ACCEPTED, json!({"id": 1})))
            })
            .await
            .unwrap();
        let again = idempotency
            .run("s", key("k"), &json!({"b": 2, "a": 1}), now, async {
                Ok((StatusCode::ACCEPTED, json!({"id": 2})))
            })
            .await
            .unwrap();
        assert!(!first.replayed && again.replayed);
        assert_eq!(again.body, json!({"id": 1}));
        assert_eq!(again.status, StatusCode::ACCEPTED);
    }

    #[tokio::test]
    async fn another_body_is_422_and_a_running_request_is_409() {
        let idempotency = idempotency();
        let now = fixed_now();
        idempotency
            .run("s", key("k"), &json!({"a": 1}), now, async {
                Ok((StatusCode::ACCEPTED, json!({})))
            })
            .await
            .unwrap();
        let reused = idempotency
            .run("s", key("k"), &json!({"a": 2}), now, async {
                Ok((StatusCode::ACCEPTED, json!({})))
            })
            .await
            .unwrap_err();
        assert_eq!(reused.problem().status, 422);

        let store = MemoryIdempotencyStore::default();
        let later = now + Duration::from_secs(60);
        let claim = |now, until| Claim {
            key: "r",
            fingerprint: "f",
            now,
            in_flight_until: until,
            expires_at: until,
        };
        assert_eq!(
            store.begin(claim(now, later)).await.unwrap(),
            Begin::Proceed
        );
        assert_eq!(
            store.begin(claim(now, later)).await.unwrap(),
            Begin::InFlight
        );
        let after_lapse = now + Duration::from_secs(61);
        assert_eq!(
            store.begin(claim(after_lapse, later)).await.unwrap(),
            Begin::Proceed
        );
    }

    #[tokio::test]
    async fn a_failed_request_releases_its_key() {
        let idempotency = idempotency();
        let now = fixed_now();
        let failed = idempotency
            .run("s", key("k"), &json!({}), now, async {
                Err::<(StatusCode, Value), _>(ApiError::not_found("x"))
            })
            .await;
        assert!(failed.is_err());
        let retried = idempotency
            .run("s", key("k"), &json!({}), now, async {
                Ok((StatusCode::ACCEPTED, json!({"ok": true})))
            })
            .await
            .unwrap();
        assert!(!retried.replayed);
    }

    #[test]
    fn malformed_keys_are_400_naming_the_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(IdempotencyKey::from_headers(&headers).unwrap(), None);
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_static("a b"));
        let error = IdempotencyKey::from_headers(&headers).unwrap_err();
        assert_eq!(error.problem().errors[0].field, "Idempotency-Key");
        headers.insert(
            IDEMPOTENCY_KEY,
            HeaderValue::from_str(&"k".repeat(256)).unwrap(),
        );
        assert!(IdempotencyKey::from_headers(&headers).is_err());
    }
}
