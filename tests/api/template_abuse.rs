//! What the SAM template promises against abuse: every state-changing route has its own
//! throttle below the stage's, the moderators' pool requires TOTP and enforces threat protection,
//! the functions that share a table each reach only their own keys in it, and each function's
//! environment holds only its own secrets.

use std::collections::{BTreeMap, BTreeSet};

use serde_norway::Value;

use crate::template::{all_text, gateway_routes, intrinsic, of_type, template};

/// The parameter a `!Ref` names, with its declaration.
fn parameter_ref<'a>(template: &'a Value, value: &Value) -> Option<(String, &'a Value)> {
    let (tag, target) = intrinsic(value)?;
    let name = target.as_str()?;
    let parameter = template["Parameters"].get(name)?;
    (tag == "Ref").then(|| (name.to_owned(), parameter))
}

fn is_state_changing(key: &str) -> bool {
    ["POST ", "PUT ", "PATCH ", "DELETE "]
        .iter()
        .any(|method| key.starts_with(method))
}

#[test]
fn every_state_changing_route_has_its_own_throttle_below_the_stages() {
    let template = template();
    let api = &template["Resources"]["HttpApi"]["Properties"];
    let stage_rate = api["DefaultRouteSettings"]["ThrottlingRateLimit"]
        .as_f64()
        .unwrap();
    let stage_burst = api["DefaultRouteSettings"]["ThrottlingBurstLimit"]
        .as_f64()
        .unwrap();
    let settings = api["RouteSettings"].as_mapping().expect("RouteSettings");
    // The stage is created with the API's definition: a setting for a route that is a resource
    // of its own (created after the stage) would fail the stack's creation.
    assert!(
        of_type(&template, "AWS::ApiGatewayV2::Route").is_empty(),
        "routes outside the API's definition cannot be throttled per route"
    );
    let routes: BTreeSet<String> = gateway_routes(&template)
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    for key in settings.keys() {
        let key = key.as_str().unwrap();
        assert!(
            routes.contains(key),
            "RouteSettings names {key}, which is not a route"
        );
    }
    let changing: Vec<&String> = routes.iter().filter(|key| is_state_changing(key)).collect();
    // Seven public or moderation routes, and five of a member's (tests/api/template_members.rs).
    assert_eq!(changing.len(), 12, "{changing:?}");
    for key in changing {
        let route = settings
            .get(key.as_str())
            .unwrap_or_else(|| panic!("{key} has no throttle of its own"));
        for (setting, stage) in [
            ("ThrottlingRateLimit", stage_rate),
            ("ThrottlingBurstLimit", stage_burst),
        ] {
            let (name, parameter) = parameter_ref(&template, &route[setting])
                .unwrap_or_else(|| panic!("{key} {setting} is a parameter"));
            let default = parameter["Default"].as_f64().expect("a default");
            assert!(
                (1.0..stage).contains(&default),
                "{name}: {default} is not below the stage's {stage}"
            );
            assert!(
                parameter["MinValue"].as_f64().is_some_and(|min| min >= 1.0),
                "{name}"
            );
        }
    }
}

/// The community routes are written in the API's definition with their integration's URI
/// spelled from the function's fixed name (a reference would make the API depend on the
/// function, whose environment depends on the API): the name and the URI must agree.
#[test]
fn the_routes_in_the_api_definition_invoke_the_community_functions_live_alias() {
    let template = template();
    let function = &template["Resources"]["CommunityFunction"]["Properties"];
    let (tag, name) = intrinsic(&function["FunctionName"]).expect("a fixed FunctionName");
    assert_eq!(tag, "Sub");
    let name = name.as_str().unwrap();
    let alias = function["AutoPublishAlias"]
        .as_str()
        .or(template["Globals"]["Function"]["AutoPublishAlias"].as_str());
    assert_eq!(alias, Some("live"));
    let expected = format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/\
         arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}:live/invocations"
    );
    let body = &template["Resources"]["HttpApi"]["Properties"]["DefinitionBody"];
    let mut count = 0;
    for (path, item) in body["paths"].as_mapping().unwrap() {
        let path_text = path.as_str().unwrap();
        // The community's routes, and the account and membership routes it serves too.
        assert!(
            path_text.starts_with("/v1/community/")
                || path_text == "/v1/me"
                || path_text == "/v1/me/community",
            "{path:?}"
        );
        for (method, operation) in item.as_mapping().unwrap() {
            let integration = &operation["x-amazon-apigateway-integration"];
            assert_eq!(
                integration["type"].as_str(),
                Some("aws_proxy"),
                "{method:?}"
            );
            assert_eq!(integration["payloadFormatVersion"].as_str(), Some("2.0"));
            let (tag, uri) = intrinsic(&integration["uri"]).unwrap();
            assert_eq!(
                (tag.as_str(), uri.as_str()),
                ("Sub", Some(expected.as_str()))
            );
            count += 1;
        }
    }
    assert_eq!(
        count, 9,
        "the community's five routes and the four of a member's account and membership"
    );
}

#[test]
fn the_moderators_pool_requires_totp_and_enforces_threat_protection() {
    let template = template();
    let pools = of_type(&template, "AWS::Cognito::UserPool");
    // The moderators' and the members' (tests/api/template_members.rs).
    assert_eq!(pools.len(), 2);
    let pool = &template["Resources"]["ModeratorUserPool"]["Properties"];
    assert_eq!(pool["MfaConfiguration"].as_str(), Some("ON"));
    let factors: Vec<&str> = pool["EnabledMfas"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|factor| factor.as_str().unwrap())
        .collect();
    assert_eq!(factors, ["SOFTWARE_TOKEN_MFA"], "TOTP only, never SMS");
    assert_eq!(pool["UserPoolTier"].as_str(), Some("PLUS"));
    assert_eq!(
        pool["UserPoolAddOns"]["AdvancedSecurityMode"].as_str(),
        Some("ENFORCED")
    );
    let deploy = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md"),
    )
    .unwrap();
    for needed in ["UserPoolTier", "PLUS", "ENFORCED", "TOTP"] {
        assert!(
            deploy.contains(needed),
            "docs/deploy.md says nothing of {needed}"
        );
    }
}

/// The form purpose every key a function writes to the shared tables starts with
/// (`FORM_PURPOSE` in its lib.rs; tests/api/form_tokens.rs checks the keys themselves).
const KEY_PREFIXES: [(&str, &str); 2] = [
    ("StoriesFunction", "stories#*"),
    ("CommunityFunction", "community#*"),
];

/// The tables a policy statement names, by logical id.
fn tables_of(statement: &Value, tables: &[String]) -> Vec<String> {
    let text = all_text(&statement["Resource"]);
    tables
        .iter()
        .filter(|table| {
            text.lines().any(|line| {
                line == format!("{table}.Arn") || line.contains(&format!("${{{table}.Arn}}"))
            })
        })
        .cloned()
        .collect()
}

fn statements(function: &Value) -> Vec<Value> {
    function["Properties"]["Policies"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|policy| policy["Statement"].as_sequence())
        .flatten()
        .cloned()
        .collect()
}

#[test]
fn functions_sharing_a_table_reach_only_their_own_keys() {
    let template = template();
    let tables: Vec<String> = of_type(&template, "AWS::DynamoDB::Table")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let functions = of_type(&template, "AWS::Serverless::Function");
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, function) in &functions {
        for statement in statements(function) {
            for table in tables_of(&statement, &tables) {
                users.entry(table).or_default().insert(name.clone());
            }
        }
    }
    let shared: Vec<&String> = users
        .iter()
        .filter(|(_, functions)| functions.len() > 1)
        .map(|(table, _)| table)
        .collect();
    assert_eq!(shared, ["IdempotencyTable", "RateLimitTable"], "{users:?}");
    for (name, function) in &functions {
        for statement in statements(function) {
            if !tables_of(&statement, &tables)
                .iter()
                .any(|t| shared.contains(&t))
            {
                continue;
            }
            let prefix = KEY_PREFIXES
                .iter()
                .find(|(function, _)| function == name)
                .map(|(_, prefix)| *prefix)
                .unwrap_or_else(|| panic!("{name} uses a shared table: give it a key prefix"));
            let keys: Vec<&str> = statement["Condition"]["ForAllValues:StringLike"]
                ["dynamodb:LeadingKeys"]
                .as_sequence()
                .unwrap_or_else(|| {
                    panic!(
                        "{name} {}: no LeadingKeys condition",
                        statement["Sid"].as_str().unwrap_or("?")
                    )
                })
                .iter()
                .map(|key| key.as_str().unwrap())
                .collect();
            assert_eq!(keys, [prefix], "{name} {:?}", statement["Sid"]);
            let actions = all_text(&statement["Action"]);
            assert!(
                !actions.contains("Scan") && !actions.contains("Query") && !actions.contains('*'),
                "{name}: LeadingKeys cannot bound {actions}"
            );
        }
    }
}

/// The secrets (stack resources, and parameters naming secrets) a function's environment
/// resolves, the Globals' included.
fn secrets_of(template: &Value, function: &Value) -> BTreeSet<String> {
    let mut text = all_text(&function["Properties"]["Environment"]);
    text.push('\n');
    text.push_str(&all_text(&template["Globals"]["Function"]["Environment"]));
    let mut secrets = BTreeSet::new();
    for (start, _) in text.match_indices("{{resolve:secretsmanager:${") {
        let rest = &text[start + "{{resolve:secretsmanager:${".len()..];
        secrets.insert(rest[..rest.find('}').unwrap()].to_owned());
    }
    secrets
}

#[test]
fn each_function_receives_only_its_own_secrets() {
    let template = template();
    let expected: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::from([
        ("ContentFunction", BTreeSet::from(["CdnOriginSecret"])),
        ("GlossaryFunction", BTreeSet::from(["CdnOriginSecret"])),
        (
            "StoriesFunction",
            BTreeSet::from([
                "CdnOriginSecret",
                "StoriesFormTokenSecret",
                "StoriesClientAddressSecret",
                "WithdrawalTokenSecret",
                "TurnstileSecretName",
            ]),
        ),
        (
            "CommunityFunction",
            BTreeSet::from([
                "CdnOriginSecret",
                "CommunityFormTokenSecret",
                "CommunityClientAddressSecret",
                "EmailHashSecret",
                "ManageTokenSecret",
                "CommunityTurnstileSecretName",
            ]),
        ),
    ]);
    let mut holders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, function) in of_type(&template, "AWS::Serverless::Function") {
        let secrets = secrets_of(&template, &function);
        let wanted: BTreeSet<String> = expected[name.as_str()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(secrets, wanted, "{name}");
        for secret in secrets {
            holders.entry(secret).or_default().push(name.clone());
        }
        // Secrets reach functions at deploy time only: no function may read Secrets Manager.
        assert!(
            !all_text(&function["Properties"]["Policies"]).contains("secretsmanager:"),
            "{name} may read secrets at run time"
        );
    }
    for (secret, functions) in holders {
        // The CDN's origin secret is every function's: each refuses requests without it.
        if secret != "CdnOriginSecret" {
            assert_eq!(functions.len(), 1, "{secret} is given to {functions:?}");
        }
    }
    for (name, _) in of_type(&template, "AWS::SecretsManager::Secret") {
        assert!(
            expected
                .values()
                .any(|secrets| secrets.contains(name.as_str())),
            "{name} is given to no function"
        );
    }
}
