//! The template's distribution: what the CDN caches, the site's bucket and headers, the WAF,
//! and where the emails link.

use std::collections::BTreeSet;

use serde_norway::Value;

use crate::template::{all_text, contract_routes, is_ref_to, of_type, template, yaml};

pub(crate) fn matches_pattern(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| go(rest, &s[i..])),
            Some((b'?', rest)) => !s.is_empty() && go(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

#[test]
fn the_cdn_caches_the_get_routes_of_content_and_glossary_and_nothing_else() {
    let template = template();
    let distribution = &template["Resources"]["Cdn"]["Properties"]["DistributionConfig"];
    let caching_disabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    let behaviours = distribution["CacheBehaviors"].as_sequence().unwrap();
    // CloudFront takes the first behaviour whose pattern matches, else the default (the site).
    let behaviour_for = |path: &str| {
        behaviours
            .iter()
            .find(|b| matches_pattern(b["PathPattern"].as_str().unwrap(), path))
            .unwrap_or(&distribution["DefaultCacheBehavior"])
    };
    let cacheable = |path: &str| {
        path.starts_with("/v1/pages") || path == "/v1/contact" || path.starts_with("/v1/glossary/")
    };
    for route in contract_routes() {
        let (method, path) = route.split_once(' ').unwrap();
        let concrete = path
            .replace("{slug}", "clinical-trials-overview")
            .replace("{id}", "x");
        let behaviour = behaviour_for(&concrete);
        assert_eq!(
            behaviour["TargetOriginId"].as_str(),
            Some("http-api"),
            "{route} goes to the API"
        );
        let is_cached = is_ref_to(&behaviour["CachePolicyId"], "CdnCachePolicy");
        if is_cached {
            let methods: Vec<&str> = behaviour["AllowedMethods"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            assert_eq!(methods, ["GET", "HEAD", "OPTIONS"]);
        } else {
            assert_eq!(
                behaviour["CachePolicyId"].as_str(),
                Some(caching_disabled),
                "{route}"
            );
        }
        // A cached route's POST would meet CloudFront's 403; only GET routes share a path
        // with a cached behaviour.
        if cacheable(path) {
            assert_eq!(method, "GET", "{route}");
        }
        assert_eq!(
            is_cached,
            cacheable(path),
            "{route}: only content and glossary GET routes are cached"
        );
    }
    let unknown = behaviour_for("/v1/no-such-route");
    assert_eq!(unknown["TargetOriginId"].as_str(), Some("http-api"));
    assert_eq!(unknown["CachePolicyId"].as_str(), Some(caching_disabled));

    let key = &template["Resources"]["CdnCachePolicy"]["Properties"]["CachePolicyConfig"];
    assert_eq!(
        key["DefaultTTL"].as_u64(),
        Some(0),
        "no Cache-Control, no caching"
    );
    let parameters = &key["ParametersInCacheKeyAndForwardedToOrigin"];
    let list = |value: &Value| -> BTreeSet<String> {
        value
            .as_sequence()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert!(list(&parameters["HeadersConfig"]["Headers"]).contains("Accept-Language"));
    assert_eq!(
        list(&parameters["QueryStringsConfig"]["QueryStrings"]),
        ["lang", "q", "match", "limit", "cursor", "letter"]
            .map(str::to_owned)
            .into()
    );
}

#[test]
fn the_us_east_1_waf_template_has_the_in_stack_webacls_rules() {
    let in_stack = template()["Resources"]["CdnWebAclCreated"]["Properties"].clone();
    let standalone = yaml("infra/waf-cloudfront.yaml")["Resources"]["WebAcl"]["Properties"].clone();
    let text = |value: &Value| {
        serde_norway::to_string(value)
            .unwrap()
            .replace("WafPostLimitPer5Minutes", "PostLimitPer5Minutes")
    };
    for field in ["Rules", "CustomResponseBodies", "DefaultAction", "Scope"] {
        assert_eq!(
            text(&in_stack[field]),
            text(&standalone[field]),
            "{field} differs between infra/template.yaml and infra/waf-cloudfront.yaml"
        );
    }
}

#[test]
fn path_patterns_match_as_cloudfront_does() {
    assert!(matches_pattern("/v1/pages*", "/v1/pages"));
    assert!(matches_pattern("/v1/pages*", "/v1/pages/a"));
    assert!(matches_pattern("/v1/glossary/*", "/v1/glossary/terms"));
    assert!(!matches_pattern("/v1/glossary/*", "/v1/glossary"));
    assert!(!matches_pattern("/v1/contact", "/v1/contacts"));
    assert!(matches_pattern("/v1/?ages", "/v1/pages"));
}

#[test]
fn one_distribution_serves_the_site_from_a_private_bucket_and_the_api_under_v1() {
    let template = template();
    let resources = &template["Resources"];
    let distribution = &resources["Cdn"]["Properties"]["DistributionConfig"];
    assert_eq!(of_type(&template, "AWS::CloudFront::Distribution").len(), 1);
    let default = &distribution["DefaultCacheBehavior"];
    assert_eq!(default["TargetOriginId"].as_str(), Some("site"));
    assert!(is_ref_to(
        &default["ResponseHeadersPolicyId"],
        "SiteResponseHeadersPolicy"
    ));
    let origins = distribution["Origins"].as_sequence().unwrap();
    let site = origins
        .iter()
        .find(|o| o["Id"] == "site")
        .expect("a site origin");
    assert!(
        all_text(&site["OriginAccessControlId"]).contains("SiteOriginAccessControl"),
        "Origin Access Control"
    );
    assert_eq!(
        site["S3OriginConfig"]["OriginAccessIdentity"].as_str(),
        Some("")
    );

    let bucket = &resources["SiteBucket"]["Properties"];
    for setting in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        assert_eq!(
            bucket["PublicAccessBlockConfiguration"][setting].as_bool(),
            Some(true),
            "{setting}"
        );
    }
    let policy = all_text(&resources["SiteBucketPolicy"]);
    assert!(
        policy.contains("cloudfront.amazonaws.com") && policy.contains("AWS:SourceArn"),
        "{policy}"
    );

    assert!(
        policy.contains("s3:ListBucket"),
        "a missing file is S3's 404, not a 403: {policy}"
    );
}

#[test]
fn the_site_headers_forbid_inline_script_and_framing() {
    let template = template();
    let config = &template["Resources"]["SiteResponseHeadersPolicy"]["Properties"]
        ["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    let csp = all_text(&config["ContentSecurityPolicy"]);
    for directive in [
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "style-src 'self';",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(
        config["StrictTransportSecurity"]["AccessControlMaxAgeSec"]
            .as_u64()
            .unwrap()
            >= 31_536_000
    );
    assert_eq!(config["FrameOptions"]["FrameOption"].as_str(), Some("DENY"));
    assert_eq!(
        config["ReferrerPolicy"]["ReferrerPolicy"].as_str(),
        Some("strict-origin-when-cross-origin")
    );
    // The local server sends the same policy, minus what only makes sense in AWS.
    for directive in immunoguide::site::CONTENT_SECURITY_POLICY.split("; ") {
        let name = directive.split(' ').next().unwrap();
        assert!(csp.contains(name), "{name} in the CloudFront policy too");
    }
}

#[test]
fn the_emails_link_to_the_distribution_unless_told_otherwise() {
    let template = template();
    let variables =
        &template["Resources"]["CommunityFunction"]["Properties"]["Environment"]["Variables"];
    let frontend = all_text(&variables["FRONTEND_BASE_URL"]);
    assert!(
        frontend.contains("HasFrontendBaseUrl") && frontend.contains("Cdn.DomainName"),
        "{frontend}"
    );
    assert_eq!(
        template["Parameters"]["FrontendBaseUrl"]["Default"].as_str(),
        Some("")
    );
}
