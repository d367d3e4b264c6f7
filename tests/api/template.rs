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

pub(crate) fn yaml(path: &str) -> Value {
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

pub(crate) fn is_ref_to(value: &Value, name: &str) -> bool {
    matches!(intrinsic(value), Some((tag, target)) if tag == "Ref" && target.as_str() == Some(name))
}

/// Routes as `METHOD /path`, from the committed OpenAPI document (the local server's own
/// `/v1/openapi.json` excepted: it is not deployed).
pub(crate) fn contract_routes() -> BTreeSet<String> {
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

/// A sign-in callbacks resource (`<name>` with its function `<name>Function`) must be handed the
/// pool client's properties but `UserPoolId`, as compact JSON: a change of the client resets its
/// OAuth settings, so it must change these properties too and CloudFormation runs it again.
/// Answers the function's code.
pub(crate) fn client_settings_are_passed(resources: &Value, name: &str, client: &Value) -> String {
    let settings: serde_norway::Mapping = client
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(key, _)| *key != "UserPoolId")
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let expected = serde_json::to_string(&settings).unwrap();
    assert_eq!(
        resources[name]["Properties"]["ClientSettings"].as_str(),
        Some(expected.as_str()),
        "{name}.ClientSettings must be the client's properties (but UserPoolId) as compact JSON"
    );
    all_text(&resources[&format!("{name}Function")]["Properties"]["Code"])
}
