//! Running a function under AWS Lambda (API Gateway HTTP API, payload v2): the one start-up
//! path every function's `main.rs` calls, so that no function wires itself differently.

use std::ffi::OsString;
use std::marker::PhantomData;
use std::path::PathBuf;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use super::dynamo::AwsClients;
use crate::config::ConfigError;
use crate::http::stack;
use crate::http::HttpConfig;

/// What a function's settings must offer the runner.
pub trait FunctionSettings: Sized {
    /// Reads every setting once, from the environment, at cold start.
    fn from_env() -> Result<Self, ConfigError>;
    /// The shared HTTP layer's settings (CORS, body limit, timeout, CDN).
    fn http(&self) -> &HttpConfig;
}

/// The one table a read-only function reads: the variable that names it in Lambda, and the
/// name the local tables use.
pub trait Table {
    const VARIABLE: &'static str;
    const LOCAL_NAME: &'static str;
}

/// The settings of a function that reads one table `T` and nothing else: the HTTP layer's and
/// the table's name.
#[derive(Debug, Clone)]
pub struct TableSettings<T> {
    pub http: HttpConfig,
    pub table: String,
    table_kind: PhantomData<T>,
}

impl<T: Table> TableSettings<T> {
    /// Local runs and tests: `http`, and the table name the local tables use.
    pub fn local(http: HttpConfig) -> Self {
        Self {
            http,
            table: T::LOCAL_NAME.to_owned(),
            table_kind: PhantomData,
        }
    }
}

impl<T: Table> FunctionSettings for TableSettings<T> {
    /// `T::VARIABLE` and the HTTP layer's variables (`HttpConfig::from_env`).
    fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            http: HttpConfig::from_env()?,
            table: crate::config::required(T::VARIABLE)?,
            table_kind: PhantomData,
        })
    }

    fn http(&self) -> &HttpConfig {
        &self.http
    }
}

/// The process entry of every function's `main.rs`: points the HTTPS client at one certificate
/// bundle (`read_roots_once`), then runs `start` on a multi-threaded runtime, as `#[tokio::main]`
/// would.
pub fn main<S: FunctionSettings, A>(
    aws_adapters: impl FnOnce(&S, &AwsClients) -> Result<A, ConfigError>,
    build: impl FnOnce(S, A) -> OpenApiRouter,
) -> Result<(), lambda_http::Error> {
    read_roots_once();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(start(aws_adapters, build))
}

/// Left to itself, the SDK's HTTPS client reads the system's bundle of root certificates and
/// then every file of the certificate directories, which on Debian and Amazon Linux hold the
/// same roots again (links to them, or the bundle itself): parsing that PEM was half of the
/// instructions of a content cold start (docs/measurements.md). With `SSL_CERT_FILE` naming the
/// bundle that OpenSSL would use first, the roots are read once. An operator's own
/// `SSL_CERT_FILE` or `SSL_CERT_DIR` is left as it is.
fn read_roots_once() {
    if let Some(bundle) = bundle_to_name(|name| std::env::var_os(name)) {
        // Before the runtime starts, while no other thread can read the environment.
        std::env::set_var("SSL_CERT_FILE", bundle);
    }
}

/// The bundle for `SSL_CERT_FILE`, unless the environment (`var`) already says where the roots
/// are.
fn bundle_to_name(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    if var("SSL_CERT_FILE").is_some() || var("SSL_CERT_DIR").is_some() {
        return None;
    }
    openssl_probe::probe().cert_file
}

/// The whole cold start of a function: logging, settings, one DynamoDB client, the AWS
/// adapters, the function's `build`, then serving until the runtime shuts the process down.
pub async fn start<S: FunctionSettings, A>(
    aws_adapters: impl FnOnce(&S, &AwsClients) -> Result<A, ConfigError>,
    build: impl FnOnce(S, A) -> OpenApiRouter,
) -> Result<(), lambda_http::Error> {
    crate::telemetry::init();
    let settings = S::from_env()?;
    // Built once per cold start and reused by every invocation.
    let clients = super::dynamo::clients_from_env().await;
    let adapters = aws_adapters(&settings, &clients)?;
    let http = settings.http().clone();
    run(build(settings, adapters).into(), &http).await
}

/// Serves `router`, wrapped in the shared layers, to the Lambda runtime until it shuts down.
pub async fn run(router: Router, config: &HttpConfig) -> Result<(), lambda_http::Error> {
    lambda_http::run(service(router, config)).await
}

/// The service `run` hands to the Lambda runtime, for tests that feed it API Gateway events.
pub fn service(router: Router, config: &HttpConfig) -> Router {
    stack::layered(router, config)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::ffi::OsString;
    use std::path::{Path, PathBuf};

    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;

    use super::bundle_to_name;

    #[test]
    fn an_operators_own_certificate_settings_are_left_alone() {
        for set in ["SSL_CERT_FILE", "SSL_CERT_DIR"] {
            let env = |name: &str| (name == set).then(|| OsString::from("/somewhere"));
            assert_eq!(bundle_to_name(env), None, "{set}");
        }
    }

    /// What `read_roots_once` rests on, on this machine: the bundle it names holds every
    /// certificate of the directories the default search reads after it, but for the machine's
    /// own self-signed one (Debian's `ssl-cert-snakeoil.pem`), which no AWS endpoint presents.
    #[test]
    fn the_bundle_named_holds_the_roots_of_the_certificate_directories() {
        let bundle = bundle_to_name(|_| None)
            .expect("no certificate bundle on this machine: apt-get install ca-certificates");
        let certificates = |path: &Path| -> Vec<Vec<u8>> {
            CertificateDer::pem_file_iter(path)
                .map(|certs| {
                    certs
                        .filter_map(Result::ok)
                        .map(|cert| cert.to_vec())
                        .collect()
                })
                .unwrap_or_default()
        };
        let in_bundle: BTreeSet<Vec<u8>> = certificates(&bundle).into_iter().collect();
        assert!(
            in_bundle.len() > 50,
            "{} holds {} certificates",
            bundle.display(),
            in_bundle.len()
        );
        let mut files_with_others: BTreeSet<PathBuf> = BTreeSet::new();
        for dir in openssl_probe::candidate_cert_dirs() {
            for entry in std::fs::read_dir(dir)
                .expect("a certificate directory")
                .flatten()
            {
                let Ok(file) = entry.path().canonicalize() else {
                    continue;
                };
                if file.is_file()
                    && certificates(&file)
                        .iter()
                        .any(|cert| !in_bundle.contains(cert))
                {
                    files_with_others.insert(file);
                }
            }
        }
        let unexpected: Vec<&PathBuf> = files_with_others
            .iter()
            .filter(|file| !file.to_string_lossy().contains("snakeoil"))
            .collect();
        assert!(
            unexpected.is_empty(),
            "certificates missing from {}: {unexpected:?}",
            bundle.display()
        );
    }
}
