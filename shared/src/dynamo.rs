//! DynamoDB client construction, once per process, with an endpoint override for DynamoDB Local.

use aws_config::{BehaviorVersion, Region};
use aws_sdk_dynamodb::config::Credentials;

/// The region used when none is configured, so that local runs need no AWS set-up.
const FALLBACK_REGION: &str = "us-east-1";

/// A client for the ambient AWS configuration, or for `endpoint` (such as DynamoDB Local).
///
/// Loopback endpoints get static dummy credentials: DynamoDB Local ignores them, and looking up
/// real ones would stall on the instance metadata service.
pub async fn client(endpoint: Option<&str>) -> aws_sdk_dynamodb::Client {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(endpoint) = endpoint {
        loader = loader.endpoint_url(endpoint);
        if is_loopback(endpoint) {
            loader = loader.credentials_provider(Credentials::new(
                "local",
                "local",
                None,
                None,
                "immunoguide-local",
            ));
        }
    }
    let config = loader.load().await;
    let mut builder = aws_sdk_dynamodb::config::Builder::from(&config);
    if config.region().is_none() {
        builder = builder.region(Region::new(FALLBACK_REGION));
    }
    aws_sdk_dynamodb::Client::from_conf(builder.build())
}

/// A client for `DYNAMODB_ENDPOINT` when it is set (local runs), else for the ambient configuration.
pub async fn client_from_env() -> aws_sdk_dynamodb::Client {
    let endpoint = std::env::var("DYNAMODB_ENDPOINT")
        .ok()
        .filter(|e| !e.trim().is_empty());
    client(endpoint.as_deref()).await
}

fn is_loopback(endpoint: &str) -> bool {
    let host = endpoint
        .split("://")
        .nth(1)
        .unwrap_or(endpoint)
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(host, _port)| host);
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_endpoints_are_recognised() {
        for endpoint in [
            "http://127.0.0.1:8000",
            "http://localhost:8000/",
            "http://[::1]:8000",
        ] {
            assert!(is_loopback(endpoint), "{endpoint}");
        }
        for endpoint in [
            "https://dynamodb.eu-west-1.amazonaws.com",
            "http://10.0.0.5:8000",
        ] {
            assert!(!is_loopback(endpoint), "{endpoint}");
        }
    }
}
