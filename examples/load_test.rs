//! A closed-loop load client for `scripts/load-test`: `CLIENTS` concurrent clients for
//! `SECONDS`, each going round every route of the API at a local server, then per route the
//! answers by status and p50/p99 latency. Exits non-zero on any 5xx or transport error.
//!
//! `cargo run --example load_test -- <base-url> <clients> <seconds> [moderator-token]`

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[derive(Default)]
struct RouteStats {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, u64>,
    errors: u64,
}

type Stats = Arc<Mutex<BTreeMap<&'static str, RouteStats>>>;

const ID: &str = "0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e";

fn story(token: &str) -> Value {
    json!({
        "title": "Two years on nivolumab",
        "body": "When I was diagnosed with melanoma my doctor suggested a clinical trial. The first months \
                 were hard, with fatigue and a rash, but the scans kept improving and I am back at work.",
        "display_name": "Ana R.", "role": "patient", "cancer_type": "melanoma",
        "treatment": "checkpoint_inhibitor", "age_range": "50_59", "lang": "en",
        "consents": {"publish_health_information": true, "patient_permission": true, "contact": false},
        "consent_version": "2026-11-27", "form_token": token,
    })
}

fn signup(n: u64, token: &str) -> Value {
    json!({
        "email": format!("load{n}@example.org"), "interests": ["patient"], "lang": "en",
        "consent": true, "consent_version": "2026-11-27", "form_token": token,
    })
}

/// Form tokens a client holds until they are old enough to send (the form's time trap).
struct Tokens {
    form: &'static str,
    held: VecDeque<(Instant, String, u64)>,
}

impl Tokens {
    fn ready(&mut self) -> Option<String> {
        let (fetched, _, min_seconds) = self.held.front()?;
        (fetched.elapsed() > Duration::from_secs(*min_seconds + 1))
            .then(|| self.held.pop_front().unwrap().1)
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
    moderator: Option<String>,
    stats: Stats,
    serial: u64,
}

impl Client {
    async fn call(&self, route: &'static str, request: reqwest::RequestBuilder) -> Option<Value> {
        let started = Instant::now();
        let result = request.send().await;
        let mut body = None;
        let status = match result {
            Ok(response) => {
                let status = response.status().as_u16();
                let bytes = response.bytes().await.unwrap_or_default();
                body = serde_json::from_slice(&bytes).ok();
                Some(status)
            }
            Err(_) => None,
        };
        let elapsed = started.elapsed().as_micros() as u64;
        let mut stats = self.stats.lock().unwrap();
        let entry = stats.entry(route).or_default();
        entry.latencies_us.push(elapsed);
        match status {
            Some(status) => *entry.statuses.entry(status).or_default() += 1,
            None => entry.errors += 1,
        }
        body
    }

    async fn fetch_token(&self, tokens: &mut Tokens) {
        let route = if tokens.form.contains("stories") {
            "GET /v1/stories/form"
        } else {
            "GET /v1/community/form"
        };
        if let Some(form) = self
            .call(
                route,
                self.http.get(format!("{}{}", self.base, tokens.form)),
            )
            .await
        {
            if let Some(token) = form["form_token"].as_str() {
                let min = form["form_token_min_seconds"].as_u64().unwrap_or(3);
                tokens
                    .held
                    .push_back((Instant::now(), token.to_owned(), min));
            }
        }
    }

    async fn round(&mut self, story_tokens: &mut Tokens, signup_tokens: &mut Tokens) {
        let url = |path: &str| format!("{}{path}", self.base);
        let gets: [(&'static str, &str); 9] = [
            ("GET /v1/pages", "/v1/pages?lang=en"),
            (
                "GET /v1/pages/{slug}",
                "/v1/pages/clinical-trials-overview?lang=es",
            ),
            ("GET /v1/contact", "/v1/contact?lang=en"),
            (
                "GET /v1/glossary/terms/{slug}",
                "/v1/glossary/terms/immunotherapy?lang=en",
            ),
            (
                "GET /v1/glossary/terms",
                "/v1/glossary/terms?lang=en&letter=t&limit=20",
            ),
            (
                "GET /v1/glossary/search",
                "/v1/glossary/search?lang=en&q=imunotherapy",
            ),
            (
                "GET /v1/glossary/suggest",
                "/v1/glossary/suggest?lang=es&q=inmuno",
            ),
            ("GET /v1/stories", "/v1/stories?lang=en&limit=10"),
            (
                "GET /v1/stories/{id}",
                "/v1/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e",
            ),
        ];
        for (route, path) in gets {
            self.call(route, self.http.get(url(path))).await;
        }
        self.fetch_token(story_tokens).await;
        self.fetch_token(signup_tokens).await;
        if let Some(token) = story_tokens.ready() {
            let request = self.http.post(url("/v1/stories")).json(&story(&token));
            self.call("POST /v1/stories", request).await;
        }
        if let Some(token) = signup_tokens.ready() {
            self.serial += 1;
            let request = self
                .http
                .post(url("/v1/community/signups"))
                .json(&signup(self.serial, &token));
            self.call("POST /v1/community/signups", request).await;
        }
        let forged = json!({"token": "A".repeat(86)});
        for (route, path) in [
            (
                "POST /v1/community/confirmations",
                "/v1/community/confirmations",
            ),
            (
                "POST /v1/community/unsubscribe",
                "/v1/community/unsubscribe",
            ),
            ("POST /v1/community/erasure", "/v1/community/erasure"),
        ] {
            self.call(route, self.http.post(url(path)).json(&forged))
                .await;
        }
        let withdraw = self
            .http
            .delete(url(&format!("/v1/stories/{ID}")))
            .bearer_auth("forged");
        self.call("DELETE /v1/stories/{id}", withdraw).await;
        if let Some(token) = &self.moderator {
            let queue = self
                .http
                .get(url("/v1/moderation/stories?status=pending"))
                .bearer_auth(token);
            self.call("GET /v1/moderation/stories", queue).await;
            let view = self
                .http
                .get(url(&format!("/v1/moderation/stories/{ID}")))
                .bearer_auth(token);
            self.call("GET /v1/moderation/stories/{id}", view).await;
            let decide = self
                .http
                .post(url(&format!("/v1/moderation/stories/{ID}/decisions")))
                .bearer_auth(token)
                .json(&json!({"action": "approve", "reason": "Fine.", "version": 1}));
            self.call("POST /v1/moderation/stories/{id}/decisions", decide)
                .await;
        }
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:3000".to_owned());
    let clients: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(64);
    let seconds: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(30);
    let moderator = args.get(4).cloned();
    assert!(
        base.starts_with("http://127.0.0.1") || base.starts_with("http://localhost"),
        "loopback only: {base}"
    );
    // reqwest's rustls comes without a crypto provider (see Cargo.toml's dev-dependencies).
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let stats: Stats = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|n| {
            let mut client = Client {
                http: reqwest::Client::new(),
                base: base.clone(),
                moderator: moderator.clone(),
                stats: stats.clone(),
                serial: n * 1_000_000,
            };
            tokio::spawn(async move {
                let mut story_tokens = Tokens {
                    form: "/v1/stories/form?lang=en",
                    held: VecDeque::new(),
                };
                let mut signup_tokens = Tokens {
                    form: "/v1/community/form?lang=en",
                    held: VecDeque::new(),
                };
                while Instant::now() < deadline {
                    client.round(&mut story_tokens, &mut signup_tokens).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("a client ran");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let stats = stats.lock().unwrap();
    let total: usize = stats.values().map(|s| s.latencies_us.len()).sum();
    println!(
        "{clients} clients, {elapsed:.1} s, {total} requests, {:.0} requests/s",
        total as f64 / elapsed
    );
    println!("| route | requests | statuses | p50 ms | p99 ms |");
    println!("| --- | ---: | --- | ---: | ---: |");
    let mut failed = false;
    for (route, route_stats) in stats.iter() {
        let mut sorted = route_stats.latencies_us.clone();
        sorted.sort_unstable();
        let statuses: Vec<String> = route_stats
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}×{n}"))
            .collect();
        let mut statuses = statuses.join(" ");
        if route_stats.errors > 0 {
            statuses.push_str(&format!(" transport-errors×{}", route_stats.errors));
        }
        failed |= route_stats.errors > 0 || route_stats.statuses.keys().any(|s| *s >= 500);
        println!(
            "| {route} | {} | {statuses} | {:.1} | {:.1} |",
            sorted.len(),
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.99)
        );
    }
    if failed {
        eprintln!("FAILED: 5xx answers or transport errors");
        std::process::exit(1);
    }
}
