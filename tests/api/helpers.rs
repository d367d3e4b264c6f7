//! `spawn_app()`: the whole API on a free loopback port with fresh, seeded embedded stores.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use content::domain::parse_page;
use content::store::{MemoryPageStore, PageWriter};
use glossary::domain::Term;
use glossary::store::MemoryTermStore;
use immunoguide::{Options, Stores};
use shared::aws::metrics::MemorySink;
use shared::clock::{Clock, FixedClock, ManualClock, SystemClock};
use shared::http::HttpConfig;

/// How many of the metric lines `sink` captured count `name` once.
pub fn metric_count(sink: &MemorySink, name: &str) -> usize {
    sink.lines()
        .iter()
        .filter(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()[name] == 1)
        .count()
}

/// The one origin the test app allows for CORS.
pub const ALLOWED_ORIGIN: &str = "https://app.immunoguide.test";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
}

impl TestApp {
    /// A form's token as a person gets it: the form at `form_path` is loaded, then `clock` lets
    /// a person's minute pass.
    pub async fn form_token(&self, form_path: &str, clock: &ManualClock) -> String {
        let form: serde_json::Value = self.get(form_path).await.json().await.unwrap();
        clock.advance(std::time::Duration::from_secs(60));
        form["form_token"].as_str().unwrap().to_owned()
    }

    /// `count` tokens of the form at `form_path`, each good for one submission, loaded
    /// together before `clock` lets one person's minute pass (a burst made of fresh forms).
    pub async fn form_tokens(
        &self,
        form_path: &str,
        clock: &ManualClock,
        count: usize,
    ) -> Vec<String> {
        let mut tokens = Vec::with_capacity(count);
        for _ in 0..count {
            let form: serde_json::Value = self.get(form_path).await.json().await.unwrap();
            tokens.push(form["form_token"].as_str().unwrap().to_owned());
        }
        clock.advance(std::time::Duration::from_secs(60));
        tokens
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.address)
    }

    pub async fn get(&self, path_and_query: &str) -> reqwest::Response {
        self.client
            .get(self.url(path_and_query))
            .send()
            .await
            .expect("the app answers")
    }

    /// The JSON body of a GET with `token` as the bearer token.
    pub async fn get_json_as(&self, path_and_query: &str, token: &str) -> serde_json::Value {
        let request = self.client.get(self.url(path_and_query)).bearer_auth(token);
        let response = request.send().await.expect("the app answers");
        response.json().await.expect("a JSON body")
    }

    /// A GET with extra request headers.
    pub async fn get_with(
        &self,
        path_and_query: &str,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self.client.get(self.url(path_and_query));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("the app answers")
    }
}

pub fn http_config() -> HttpConfig {
    HttpConfig::with_origins(vec![ALLOWED_ORIGIN.parse().unwrap()])
}

/// The app with the repository's content and the system clock.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(seeded_stores().await, Arc::new(SystemClock)).await
}

/// The app with the repository's content and a clock stopped at `now`.
pub async fn spawn_app_at(now: &str) -> TestApp {
    let now: DateTime<Utc> = now.parse().expect("an RFC 3339 instant");
    spawn_app_with(seeded_stores().await, Arc::new(FixedClock(now))).await
}

pub async fn seeded_stores() -> Stores {
    // What `Stores::embedded` does, except that the glossary is parsed once per test process
    // and shared: 8,092 terms take a while to decompress and parse in a debug build.
    let pages = MemoryPageStore::new();
    immunoguide::seed::seed_pages(&pages, &immunoguide::default_content_dir())
        .await
        .expect("the repository's content loads");
    Stores {
        pages: Arc::new(pages),
        glossary: glossary::Adapters::on(bundled_glossary()),
        ..Stores::empty()
    }
}

/// The committed glossary in an embedded store, shared (read-only) by the tests.
pub fn bundled_glossary() -> Arc<MemoryTermStore> {
    static STORE: OnceLock<Arc<MemoryTermStore>> = OnceLock::new();
    STORE
        .get_or_init(|| Arc::new(MemoryTermStore::with_terms(bundled_terms().to_vec())))
        .clone()
}

/// The terms of the committed seed file.
pub fn bundled_terms() -> &'static [Term] {
    static TERMS: OnceLock<Vec<Term>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let path = immunoguide::glossary_seed_file(&immunoguide::default_content_dir());
        immunoguide::glossary_data::seedfile::read_seed(&path)
            .expect("the committed glossary loads")
    })
}

/// Stores holding exactly these page sources.
pub async fn stores_with_pages(sources: &[&str]) -> Stores {
    let pages = MemoryPageStore::new();
    for source in sources {
        pages
            .put_page(&parse_page(source).expect("a valid page"))
            .await
            .unwrap();
    }
    Stores {
        pages: Arc::new(pages),
        glossary: glossary::Adapters::on(bundled_glossary()),
        ..Stores::empty()
    }
}

pub async fn spawn_app_with(stores: Stores, clock: Arc<dyn Clock>) -> TestApp {
    let mut options = Options::local(http_config());
    options.clock = clock;
    spawn_app_with_options(stores, options).await
}

pub async fn spawn_app_with_options(stores: Stores, options: Options) -> TestApp {
    let app = immunoguide::app(&stores, &options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    // The peer address feeds per-client rate limits, as in the local server.
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, service)
            .await
            .expect("the server runs")
    });
    // Ignored when another test installed it first.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

/// A minimal page source in one language.
pub fn page_source(slug: &str, lang: &str, title: &str) -> String {
    format!(
        "---\nslug: {slug}\nlang: {lang}\ntitle: {title}\nsummary: About {title}.\nupdated_at: 2026-01-01T00:00:00Z\ncalls_to_action: []\n---\n## {title} {{#intro}}\n\nText of {title}.\n"
    )
}

/// Asserts an RFC 9457 answer and returns its body.
pub async fn expect_problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "problem content type"
    );
    let body: serde_json::Value = response.json().await.expect("a JSON problem");
    assert_eq!(body["status"], status, "problem status member: {body}");
    assert!(
        body["title"].is_string() && body["type"].is_string(),
        "{body}"
    );
    body
}
