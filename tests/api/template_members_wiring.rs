//! The members' wiring in the SAM template (issue #13): the community function may be invoked on
//! the account routes of the API's definition and no member's story route, stories and community
//! know the members' pool and community may only delete its accounts, the stories table's owner
//! index, the site's CSP, the Rules that tie the providers to the Hosted UI, and the members'
//! sign-in `scripts/deploy-site` writes into site-config.json.

use std::path::Path;
use std::process::Command;

use serde_norway::Value;

use crate::template::{all_text, intrinsic, matches_pattern, of_type, template};
use crate::template_members::is_ref_to;

#[test]
fn the_community_function_may_be_invoked_on_each_route_of_the_api_definition_only() {
    let template = template();
    let patterns: Vec<String> = of_type(&template, "AWS::Lambda::Permission")
        .into_iter()
        .filter(|(_, permission)| {
            all_text(&permission["Properties"]["FunctionName"]).contains("CommunityFunction")
        })
        .map(|(name, permission)| {
            let arn = all_text(&permission["Properties"]["SourceArn"]);
            let (_, pattern) = arn
                .split_once("${HttpApi}/*/*")
                .unwrap_or_else(|| panic!("{name}: any stage and method of this API: {arn}"));
            pattern.to_owned()
        })
        .collect();
    let body = &template["Resources"]["HttpApi"]["Properties"]["DefinitionBody"];
    for path in body["paths"].as_mapping().unwrap().keys() {
        let path = path.as_str().unwrap();
        assert!(
            patterns
                .iter()
                .any(|pattern| matches_pattern(pattern, path)),
            "no permission lets API Gateway invoke the community function on {path}: {patterns:?}"
        );
    }
    for path in [
        "/v1/me/stories",
        "/v1/me/stories/x",
        "/v1/moderation/stories",
    ] {
        assert!(
            !patterns
                .iter()
                .any(|pattern| matches_pattern(pattern, path)),
            "{path} is the stories function's"
        );
    }
}

#[test]
fn stories_and_community_know_the_members_pool_and_community_may_only_delete_its_accounts() {
    let template = template();
    let resources = &template["Resources"];
    let issuer = all_text(
        &resources["HttpApi"]["Properties"]["Auth"]["Authorizers"]["MemberAuthorizer"]
            ["JwtConfiguration"]["issuer"],
    );
    for (name, function) in of_type(&template, "AWS::Serverless::Function") {
        let variables = &function["Properties"]["Environment"]["Variables"];
        let serves_members = name == "StoriesFunction" || name == "CommunityFunction";
        if serves_members {
            assert_eq!(all_text(&variables["MEMBERS_ISSUER"]), issuer, "{name}");
            assert!(
                is_ref_to(&variables["MEMBERS_CLIENT_ID"], "MemberUserPoolClient"),
                "{name}: MEMBERS_CLIENT_ID"
            );
        } else {
            assert!(variables.get("MEMBERS_ISSUER").is_none(), "{name}");
        }
        assert_eq!(
            variables.get("MEMBERS_USER_POOL_ID").is_some(),
            name == "CommunityFunction",
            "{name}: MEMBERS_USER_POOL_ID is the community function's alone"
        );

        let statements: Vec<Value> = function["Properties"]["Policies"]
            .as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|policy| policy["Statement"].as_sequence())
            .flatten()
            .filter(|statement| all_text(&statement["Action"]).contains("cognito-idp:"))
            .cloned()
            .collect();
        if name != "CommunityFunction" {
            assert!(
                statements.is_empty(),
                "{name} may call Cognito: {statements:?}"
            );
            continue;
        }
        assert_eq!(statements.len(), 1, "{statements:?}");
        let statement = &statements[0];
        assert_eq!(statement["Effect"].as_str(), Some("Allow"));
        assert_eq!(
            statement["Action"].as_str(),
            Some("cognito-idp:AdminDeleteUser")
        );
        assert_eq!(
            all_text(&statement["Resource"]),
            "!GetAtt\nMemberUserPool.Arn",
            "the members' pool only"
        );
    }
    let variables = &resources["CommunityFunction"]["Properties"]["Environment"]["Variables"];
    assert!(is_ref_to(
        &variables["MEMBERS_USER_POOL_ID"],
        "MemberUserPool"
    ));
}

#[test]
fn the_stories_table_has_the_sparse_owner_index() {
    let template = template();
    let table = &template["Resources"]["StoriesTable"]["Properties"];
    let index = table["GlobalSecondaryIndexes"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|index| index["IndexName"] == "gsi3")
        .expect("gsi3");
    let keys: Vec<(&str, &str)> = index["KeySchema"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|key| {
            (
                key["AttributeName"].as_str().unwrap(),
                key["KeyType"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(keys, [("gsi3pk", "HASH"), ("gsi3sk", "RANGE")]);
    assert_eq!(index["Projection"]["ProjectionType"].as_str(), Some("ALL"));
    for attribute in ["gsi3pk", "gsi3sk"] {
        assert!(
            table["AttributeDefinitions"]
                .as_sequence()
                .unwrap()
                .iter()
                .any(|d| d["AttributeName"] == attribute && d["AttributeType"] == "S"),
            "{attribute} is a string attribute"
        );
    }
    let policy = all_text(&template["Resources"]["StoriesFunction"]["Properties"]["Policies"]);
    assert!(
        policy.contains("${StoriesTable.Arn}/index/*") || policy.contains("/index/gsi3"),
        "the stories function may query gsi3"
    );
}

#[test]
fn the_sites_csp_lets_its_scripts_reach_the_members_hosted_ui() {
    let template = template();
    let policy = &template["Resources"]["SiteResponseHeadersPolicy"]["Properties"]
        ["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"]
        ["ContentSecurityPolicy"];
    let (tag, sub) = intrinsic(policy).expect("a !Sub");
    assert_eq!(tag, "Sub");
    let text = sub[0].as_str().unwrap();
    let connect = text
        .split(';')
        .find(|directive| directive.trim().starts_with("connect-src"))
        .expect("connect-src");
    assert!(connect.contains("${MemberAuthOrigin}"), "{connect}");
    assert_eq!(
        all_text(&sub[1]["MemberAuthOrigin"]),
        "!If\nHasMemberHostedUi\n!Sub\n https://${MemberAuthDomainPrefix}.auth.${AWS::Region}.amazoncognito.com\n"
    );
    assert_eq!(
        all_text(&template["Conditions"]["HasMemberHostedUi"]),
        "!And\n!Condition\nCreateCdn\n!Not\n!Equals\n!Ref\nMemberAuthDomainPrefix\n"
    );
}

/// Runs `scripts/deploy-site` against a stand-in `aws` that answers the stack's outputs from
/// `outputs` (absent ones empty, as the CLI prints them) and keeps the uploaded site-config.json.
fn site_config_written(outputs: &[(&str, &str)]) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("deploy-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("outputs")).unwrap();
    for (key, value) in outputs {
        std::fs::write(dir.join("outputs").join(key), value).unwrap();
    }
    let aws = dir.join("aws");
    std::fs::write(
        &aws,
        "#!/usr/bin/env bash\n\
         case \"$1 $2\" in\n\
         'cloudformation describe-stacks')\n\
           key=$(printf '%s' \"$*\" | sed -n \"s/.*OutputKey=='\\([A-Za-z]*\\)'.*/\\1/p\")\n\
           [ -f \"$FAKE_AWS/outputs/$key\" ] && cat \"$FAKE_AWS/outputs/$key\"; echo ;;\n\
         's3 cp') cat > \"$FAKE_AWS/site-config.json\" ;;\n\
         esac\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let run = Command::new("bash")
        .arg(root.join("scripts/deploy-site"))
        .args(["immunoguide-test", "--skip-build"])
        .env("PATH", path)
        .env("FAKE_AWS", &dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let config = std::fs::read_to_string(dir.join("site-config.json")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    serde_json::from_str(&config).unwrap_or_else(|error| panic!("{error}: {config}"))
}

#[test]
fn deploy_site_writes_the_members_sign_in_from_the_stacks_outputs() {
    let template = template();
    let stack_outputs = &template["Outputs"];
    for output in ["MemberAuthDomain", "MemberSignInProviders"] {
        assert_eq!(
            stack_outputs[output]["Condition"].as_str(),
            Some("HasMemberHostedUi"),
            "{output}"
        );
    }
    assert!(is_ref_to(
        &stack_outputs["MemberUserPoolClientId"]["Value"],
        "MemberUserPoolClient"
    ));

    let common = [
        ("SiteBucketName", "bucket"),
        ("CdnDistributionId", "E123"),
        ("MemberUserPoolClientId", "client123"),
    ];
    let domain = "https://members-x.auth.eu-west-1.amazoncognito.com";
    for (providers, expected) in [
        ("Facebook,Google", serde_json::json!(["Facebook", "Google"])),
        ("Google", serde_json::json!(["Google"])),
    ] {
        let mut outputs = common.to_vec();
        outputs.extend([
            ("MemberAuthDomain", domain),
            ("MemberSignInProviders", providers),
        ]);
        let config = site_config_written(&outputs);
        assert_eq!(
            config["members"],
            serde_json::json!({
                "sign_in": "cognito", "domain": domain, "client_id": "client123",
                "providers": expected,
            })
        );
        assert_eq!(config["moderation"]["sign_in"], "none");
    }
    let config = site_config_written(&common);
    assert_eq!(config["members"], serde_json::json!({"sign_in": "none"}));
}

#[test]
fn rules_tie_the_providers_to_the_members_hosted_ui_before_anything_is_created() {
    let template = template();
    let rules = &template["Rules"];
    // A provider needs the Hosted UI (and the site behind the distribution) ...
    let needs_hosted_ui = all_text(&rules["MemberProvidersNeedTheHostedUi"]);
    for wanted in [
        "FacebookAppId",
        "GoogleClientId",
        "MemberAuthDomainPrefix",
        "EnableCdn",
    ] {
        assert!(
            needs_hosted_ui.contains(wanted),
            "{wanted} in {needs_hosted_ui}"
        );
    }
    // ... and the Hosted UI a provider, on a prefix of its own.
    let needs_provider = all_text(&rules["MemberHostedUiNeedsAProvider"]);
    for wanted in [
        "MemberAuthDomainPrefix",
        "FacebookAppId",
        "GoogleClientId",
        "ModeratorAuthDomainPrefix",
    ] {
        assert!(
            needs_provider.contains(wanted),
            "{wanted} in {needs_provider}"
        );
    }
}
