//! The SAM template against the contract and against what an operator relies on: every route of
//! `docs/openapi.json` is routed by API Gateway, only moderation routes need a moderator token,
//! every function has its log group, alarms, canary rollback and a request timeout below its
//! Lambda timeout, tables that hold people's data are kept and recoverable, the CDN caches only
//! the GET routes of content and glossary, and the us-east-1 WAF template matches the in-stack
//! WebACL. When a new function is added, these tests name what it still lacks (see
//! `infra/README.md`, "Adding a function").

use std::collections::BTreeSet;
use std::path::Path;

use serde_norway::Value;

fn repository_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn yaml(path: &str) -> Value {
    serde_norway::from_str(&repository_file(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

pub(crate) fn template() -> Value {
    yaml("infra/template.yaml")
}

fn resources(template: &Value) -> Vec<(String, Value)> {
    template["Resources"]
        .as_mapping()
        .expect("Resources")
        .iter()
        .map(|(name, resource)| (name.as_str().unwrap().to_owned(), resource.clone()))
        .collect()
}

pub(crate) fn of_type(template: &Value, kind: &str) -> Vec<(String, Value)> {
    resources(template)
        .into_iter()
        .filter(|(_, resource)| resource["Type"].as_str() == Some(kind))
        .collect()
}

/// `(tag, value)` of a short-form intrinsic such as `!Ref X` → `("Ref", X)`.
pub(crate) fn intrinsic(value: &Value) -> Option<(String, &Value)> {
    match value {
        Value::Tagged(tagged) => Some((
            tagged.tag.to_string().trim_start_matches('!').to_owned(),
            &tagged.value,
        )),
        _ => None,
    }
}

fn is_ref_to(value: &Value, name: &str) -> bool {
    matches!(intrinsic(value), Some((tag, target)) if tag == "Ref" && target.as_str() == Some(name))
}

/// Routes as `METHOD /path`, from the committed OpenAPI document (the local server's own
/// `/v1/openapi.json` excepted: it is not deployed).
fn contract_routes() -> BTreeSet<String> {
    let document: serde_json::Value =
        serde_json::from_str(&repository_file("docs/openapi.json")).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        if path == "/v1/openapi.json" {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                routes.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    routes
}

/// Routes API Gateway serves: the functions' HttpApi events (not the `$default` fallback), the
/// paths written in the API's own definition (`DefinitionBody`) and plain
/// `AWS::ApiGatewayV2::Route` resources. With, for each, the JWT authorizer it names, if any.
pub(crate) fn gateway_routes(template: &Value) -> Vec<(String, Option<String>)> {
    let mut routes = Vec::new();
    let body = &template["Resources"]["HttpApi"]["Properties"]["DefinitionBody"];
    for (path, item) in body["paths"].as_mapping().into_iter().flatten() {
        for (method, operation) in item.as_mapping().into_iter().flatten() {
            let authorizer = operation["security"][0]
                .as_mapping()
                .and_then(|requirement| requirement.keys().next())
                .and_then(|name| name.as_str())
                .map(str::to_owned);
            routes.push((
                format!(
                    "{} {}",
                    method.as_str().unwrap().to_uppercase(),
                    path.as_str().unwrap()
                ),
                authorizer,
            ));
        }
    }
    for (_, function) in of_type(template, "AWS::Serverless::Function") {
        let Some(events) = function["Properties"]["Events"].as_mapping() else {
            continue;
        };
        for event in events.values() {
            if event["Type"].as_str() != Some("HttpApi") {
                continue;
            }
            let properties = &event["Properties"];
            let (Some(method), Some(path)) =
                (properties["Method"].as_str(), properties["Path"].as_str())
            else {
                continue;
            };
            let authorizer = properties["Auth"]["Authorizer"].as_str().map(str::to_owned);
            routes.push((format!("{} {path}", method.to_uppercase()), authorizer));
        }
    }
    for (_, route) in of_type(template, "AWS::ApiGatewayV2::Route") {
        let key = route["Properties"]["RouteKey"].as_str().unwrap().to_owned();
        let authorizer = (route["Properties"]["AuthorizationType"].as_str() == Some("JWT"))
            .then(|| all_text(&route["Properties"]["AuthorizerId"]));
        routes.push((key, authorizer));
    }
    routes
}

#[test]
fn every_route_of_the_contract_is_routed_by_api_gateway_and_no_other() {
    let template = template();
    let routed: BTreeSet<String> = gateway_routes(&template)
        .into_iter()
        .map(|(route, _)| route)
        .collect();
    let contract = contract_routes();
    let missing: Vec<_> = contract.difference(&routed).collect();
    let extra: Vec<_> = routed.difference(&contract).collect();
    assert!(
        missing.is_empty(),
        "routes in docs/openapi.json without an API Gateway route in infra/template.yaml: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "API Gateway routes in infra/template.yaml that docs/openapi.json does not have: {extra:?}"
    );
}

#[test]
fn only_moderation_routes_need_a_moderator_token() {
    for (route, authorizer) in gateway_routes(&template()) {
        let authorized = authorizer.as_deref() == Some("ModeratorAuthorizer");
        let moderation = route
            .split_once(' ')
            .unwrap()
            .1
            .starts_with("/v1/moderation/");
        assert_eq!(
            authorized, moderation,
            "{route}: the moderator authorizer belongs on /v1/moderation/* and nowhere else"
        );
    }
}

#[test]
fn every_function_crate_is_deployed_by_the_template() {
    let template = template();
    let deployed: BTreeSet<String> = of_type(&template, "AWS::Serverless::Function")
        .into_iter()
        .map(|(name, function)| {
            assert_eq!(
                function["Metadata"]["BuildMethod"].as_str(),
                Some("rust-cargolambda"),
                "{name}: BuildMethod"
            );
            let binary = function["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no BuildProperties.Binary"))
                .to_owned();
            // `cargo lambda build --bin <binary>` runs in CodeUri: from the workspace root,
            // cargo would look for the binary in the root package only.
            assert_eq!(
                function["Properties"]["CodeUri"].as_str(),
                Some(format!("../functions/{binary}").as_str()),
                "{name}: CodeUri is the function's crate"
            );
            binary
        })
        .collect();
    let crates: BTreeSet<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("functions"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
    assert_eq!(deployed, crates, "functions/ and the template's functions");
}

#[test]
fn every_function_has_its_log_group_alarms_canary_and_timeouts() {
    let template = template();
    let all = resources(&template);
    let find = |name: &str, kind: &str| -> Value {
        let (_, resource) = all
            .iter()
            .find(|(candidate, _)| candidate == name)
            .unwrap_or_else(|| {
                panic!("the template has no {name} (a {kind}); see infra/README.md")
            });
        assert_eq!(resource["Type"].as_str(), Some(kind), "{name}");
        resource.clone()
    };
    let globals = &template["Globals"]["Function"];
    assert_eq!(globals["AutoPublishAlias"].as_str(), Some("live"));
    assert!(is_ref_to(
        &globals["DeploymentPreference"]["Type"],
        "DeploymentType"
    ));
    assert!(!globals["KmsKeyArn"].is_null(), "Lambda environment key");
    assert!(
        globals["Environment"]["Variables"]["CONFIG_REVISION"].is_string(),
        "CONFIG_REVISION: the switch that publishes versions after parameter or secret changes"
    );
    assert_eq!(globals["Tracing"].as_str(), Some("Active"));
    assert_eq!(globals["LoggingConfig"]["LogFormat"].as_str(), Some("JSON"));

    for (name, function) in of_type(&template, "AWS::Serverless::Function") {
        let properties = &function["Properties"];

        let log_group = find(&format!("{name}LogGroup"), "AWS::Logs::LogGroup");
        let (tag, log_group_name) = intrinsic(&log_group["Properties"]["LogGroupName"])
            .unwrap_or_else(|| panic!("{name}LogGroup: LogGroupName"));
        assert_eq!(tag, "Sub");
        assert_eq!(
            log_group_name.as_str(),
            Some(format!("/aws/lambda/${{{name}}}").as_str())
        );
        assert!(!log_group["Properties"]["RetentionInDays"].is_null());
        assert!(!log_group["Properties"]["KmsKeyId"].is_null());

        for (suffix, metric) in [
            ("ErrorsAlarm", "Errors"),
            ("ThrottlesAlarm", "Throttles"),
            ("DurationAlarm", "Duration"),
        ] {
            let alarm = find(&format!("{name}{suffix}"), "AWS::CloudWatch::Alarm");
            let alarm = &alarm["Properties"];
            assert_eq!(alarm["MetricName"].as_str(), Some(metric), "{name}{suffix}");
            assert!(
                is_ref_to(&alarm["Dimensions"][0]["Value"], &name),
                "{name}{suffix} watches {name}"
            );
            assert!(
                is_ref_to(&alarm["AlarmActions"][0], "AlarmTopic"),
                "{name}{suffix} notifies AlarmTopic"
            );
        }
        let rollback = properties["DeploymentPreference"]["Alarms"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{name}: DeploymentPreference.Alarms"));
        assert!(
            rollback
                .iter()
                .any(|alarm| is_ref_to(alarm, &format!("{name}ErrorsAlarm"))),
            "{name}: the canary must roll back on {name}ErrorsAlarm"
        );

        assert_eq!(
            properties["AutoPublishAliasAllProperties"].as_bool(),
            Some(true),
            "{name}: publish a version whenever a property changes"
        );
        let memory = properties["MemorySize"]
            .as_u64()
            .unwrap_or_else(|| panic!("{name}: MemorySize, from docs/measurements.md"));
        assert!((128..=10240).contains(&memory));
        let timeout_s = properties["Timeout"]
            .as_u64()
            .unwrap_or_else(|| panic!("{name}: Timeout, from docs/measurements.md"));
        // API Gateway gives up after 30 s; idempotency records lock a key for 60 s.
        assert!(timeout_s < 30, "{name}: Timeout under API Gateway's 30 s");
        let request_timeout_ms: u64 = properties["Environment"]["Variables"]["REQUEST_TIMEOUT_MS"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: REQUEST_TIMEOUT_MS"))
            .parse()
            .unwrap();
        assert!(
            request_timeout_ms + 500 <= timeout_s * 1000,
            "{name}: REQUEST_TIMEOUT_MS must leave the function time to answer before Lambda cuts it off"
        );

        let skips = function["Metadata"]["checkov"]["skip"]
            .as_sequence()
            .cloned()
            .unwrap_or_default();
        for skip in skips {
            assert!(
                skip["comment"].as_str().is_some_and(|c| c.len() > 20),
                "{name}: every checkov suppression says why"
            );
        }
    }
}

#[test]
fn tables_of_peoples_data_are_kept_encrypted_and_recoverable() {
    let template = template();
    for (name, table) in of_type(&template, "AWS::DynamoDB::Table") {
        let properties = &table["Properties"];
        assert_eq!(
            properties["BillingMode"].as_str(),
            Some("PAY_PER_REQUEST"),
            "{name}"
        );
        assert_eq!(
            properties["SSESpecification"]["SSEEnabled"].as_bool(),
            Some(true)
        );
        let pitr = properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
            .as_bool()
            == Some(true);
        let skips: Vec<Value> = table["Metadata"]["checkov"]["skip"]
            .as_sequence()
            .cloned()
            .unwrap_or_default();
        let pitr_waived = skips.iter().any(|skip| {
            skip["id"].as_str() == Some("CKV_AWS_28")
                && skip["comment"].as_str().is_some_and(|c| c.len() > 20)
        });
        assert!(
            pitr || pitr_waived,
            "{name}: point-in-time recovery, or a checkov CKV_AWS_28 suppression saying why not"
        );
        if table["DeletionPolicy"].as_str() == Some("Retain") {
            assert!(pitr, "{name}: a retained table is recoverable");
            assert_eq!(
                properties["DeletionProtectionEnabled"].as_bool(),
                Some(true),
                "{name}: a retained table has deletion protection"
            );
            assert_eq!(table["UpdateReplacePolicy"].as_str(), Some("Retain"));
            assert!(
                is_ref_to(&properties["SSESpecification"]["KMSMasterKeyId"], "DataKey"),
                "{name}: people's data is encrypted with the stack's key"
            );
        }
    }
    // The key of the retained tables outlives the stack with them.
    let key = &template["Resources"]["DataKey"];
    assert_eq!(key["DeletionPolicy"].as_str(), Some("Retain"));
    assert_eq!(key["Properties"]["EnableKeyRotation"].as_bool(), Some(true));
}

/// CloudFront path patterns: `*` matches any characters, `?` one.
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

/// Every string under `value` (intrinsic functions included), one a line: what a check of a
/// policy's words needs, whatever functions build it.
pub(crate) fn all_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Sequence(items) => items.iter().map(all_text).collect::<Vec<_>>().join("\n"),
        Value::Mapping(map) => map
            .iter()
            .map(|(key, value)| format!("{}\n{}", all_text(key), all_text(value)))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Tagged(tagged) => format!("{}\n{}", tagged.tag, all_text(&tagged.value)),
        _ => String::new(),
    }
}
