//! The members' side of the SAM template (issue #13 and its members' contract): a Cognito pool
//! of its own that can never make a moderator, Facebook and Google each behind its condition
//! with its secret from Secrets Manager, the site's client (code flow with PKCE, no secret), and
//! the members' authorizer on exactly the `/v1/me` routes, each served by the contract's
//! function. `template_members_wiring.rs` has the rest.

use std::collections::{BTreeMap, BTreeSet};

use serde_norway::Value;

use crate::template::{
    all_text, client_settings_are_passed, gateway_routes, intrinsic, of_type, template,
};

/// The contract's `/v1/me` routes and the function that serves each.
const MEMBER_ROUTES: [(&str, &str); 8] = [
    ("GET /v1/me", "CommunityFunction"),
    ("DELETE /v1/me", "CommunityFunction"),
    ("GET /v1/me/community", "CommunityFunction"),
    ("PUT /v1/me/community", "CommunityFunction"),
    ("POST /v1/me/stories", "StoriesFunction"),
    ("GET /v1/me/stories", "StoriesFunction"),
    ("DELETE /v1/me/stories/{id}", "StoriesFunction"),
    ("DELETE /v1/me/stories", "StoriesFunction"),
];

fn is_member_route(route: &str) -> bool {
    let path = route.split_once(' ').unwrap().1;
    path == "/v1/me" || path.starts_with("/v1/me/")
}

pub(crate) fn is_ref_to(value: &Value, name: &str) -> bool {
    matches!(intrinsic(value), Some((tag, target)) if tag == "Ref" && target.as_str() == Some(name))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .unwrap_or_else(|| panic!("a list: {value:?}"))
        .iter()
        .map(|item| item.as_str().unwrap().to_owned())
        .collect()
}

/// Which function serves each route: an HttpApi event's function, or for the routes of the
/// API's own definition the function its integration URI names (`<stack>-community`).
fn route_functions(template: &Value) -> BTreeMap<String, String> {
    let mut owners = BTreeMap::new();
    let body = &template["Resources"]["HttpApi"]["Properties"]["DefinitionBody"];
    for (path, item) in body["paths"].as_mapping().unwrap() {
        for (method, operation) in item.as_mapping().unwrap() {
            let uri = all_text(&operation["x-amazon-apigateway-integration"]["uri"]);
            let owner = if uri.contains("${AWS::StackName}-community:live/") {
                "CommunityFunction"
            } else {
                "unknown"
            };
            let route = format!(
                "{} {}",
                method.as_str().unwrap().to_uppercase(),
                path.as_str().unwrap()
            );
            owners.insert(route, owner.to_owned());
        }
    }
    for (name, function) in of_type(template, "AWS::Serverless::Function") {
        for event in function["Properties"]["Events"]
            .as_mapping()
            .into_iter()
            .flatten()
        {
            let properties = &event.1["Properties"];
            if let (Some(method), Some(path)) =
                (properties["Method"].as_str(), properties["Path"].as_str())
            {
                owners.insert(format!("{} {path}", method.to_uppercase()), name.clone());
            }
        }
    }
    owners
}

#[test]
fn the_members_pool_is_its_own_and_can_never_make_a_moderator() {
    let template = template();
    let resources = &template["Resources"];
    let pool = &resources["MemberUserPool"];
    assert_eq!(pool["Type"].as_str(), Some("AWS::Cognito::UserPool"));
    let properties = &pool["Properties"];
    // No group in it, and no trigger (a token trigger could add a groups claim).
    for (name, group) in of_type(&template, "AWS::Cognito::UserPoolGroup") {
        assert!(
            is_ref_to(&group["Properties"]["UserPoolId"], "ModeratorUserPool"),
            "{name}: a group belongs to the moderators' pool only"
        );
    }
    assert!(properties.get("LambdaConfig").is_none(), "no triggers");
    // Each authorizer trusts only its own pool and client.
    let authorizers = &resources["HttpApi"]["Properties"]["Auth"]["Authorizers"];
    for (authorizer, its_pool, client) in [
        ("MemberAuthorizer", "MemberUserPool", "MemberUserPoolClient"),
        (
            "ModeratorAuthorizer",
            "ModeratorUserPool",
            "ModeratorUserPoolClient",
        ),
    ] {
        let jwt = &authorizers[authorizer]["JwtConfiguration"];
        assert_eq!(
            all_text(&jwt["issuer"]),
            format!("!Sub\nhttps://cognito-idp.${{AWS::Region}}.amazonaws.com/${{{its_pool}}}"),
            "{authorizer}'s issuer"
        );
        let audience = jwt["audience"].as_sequence().unwrap();
        assert!(
            audience.len() == 1 && is_ref_to(&audience[0], client),
            "{authorizer}'s audience is {client} alone"
        );
    }
    assert!(is_ref_to(
        &resources["MemberUserPoolClient"]["Properties"]["UserPoolId"],
        "MemberUserPool"
    ));
    // No password accounts (federated profiles are still created at first sign-in).
    assert_eq!(
        properties["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"].as_bool(),
        Some(true)
    );
    // A Facebook account may have no email: a required attribute would refuse its sign-in.
    for attribute in properties["Schema"].as_sequence().into_iter().flatten() {
        assert_ne!(attribute["Required"].as_bool(), Some(true), "{attribute:?}");
    }
    // Subjects own stories: the pool outlives a stack deletion or a replacement.
    assert_eq!(pool["DeletionPolicy"].as_str(), Some("Retain"));
    assert_eq!(pool["UpdateReplacePolicy"].as_str(), Some("Retain"));
    assert_eq!(properties["DeletionProtection"].as_str(), Some("ACTIVE"));
}

#[test]
fn each_provider_sits_behind_its_condition_with_its_secret_from_secrets_manager() {
    let template = template();
    let expected = BTreeMap::from([
        (
            "MemberFacebookIdentityProvider",
            (
                "HasFacebookSignIn",
                "Facebook",
                "FacebookAppId",
                "FacebookAppSecretName",
            ),
        ),
        (
            "MemberGoogleIdentityProvider",
            (
                "HasGoogleSignIn",
                "Google",
                "GoogleClientId",
                "GoogleClientSecretName",
            ),
        ),
    ]);
    let providers = of_type(&template, "AWS::Cognito::UserPoolIdentityProvider");
    let names: BTreeSet<&str> = providers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, expected.keys().copied().collect());
    let client = &template["Resources"]["MemberUserPoolClient"]["Properties"];
    let writable: BTreeSet<String> = strings(&client["WriteAttributes"]).into_iter().collect();
    for (name, provider) in &providers {
        let (condition, kind, id, secret) = expected[name.as_str()];
        assert_eq!(provider["Condition"].as_str(), Some(condition), "{name}");
        assert_eq!(
            all_text(&template["Conditions"][condition]),
            format!("!Not\n!Equals\n!Ref\n{id}\n"),
            "{condition}: configured by its id alone"
        );
        let properties = &provider["Properties"];
        assert!(
            is_ref_to(&properties["UserPoolId"], "MemberUserPool"),
            "{name}"
        );
        assert_eq!(properties["ProviderName"].as_str(), Some(kind));
        assert_eq!(properties["ProviderType"].as_str(), Some(kind));
        let details = &properties["ProviderDetails"];
        assert!(is_ref_to(&details["client_id"], id), "{name}: client_id");
        let (tag, value) = intrinsic(&details["client_secret"]).expect("a !Sub");
        assert_eq!(
            (tag.as_str(), value.as_str()),
            (
                "Sub",
                Some(
                    format!(
                        "{{{{resolve:secretsmanager:${{{secret}}}:SecretString:client_secret}}}}"
                    )
                    .as_str()
                )
            ),
            "{name}: the secret is resolved from Secrets Manager at deploy time"
        );
        assert!(
            template["Parameters"][secret]["Default"]
                .as_str()
                .is_some_and(|default| default.starts_with("immunoguide/")),
            "{secret} names a secret; it is not one"
        );
        // No other detail may carry a value written into the template.
        for (key, value) in details.as_mapping().unwrap() {
            if key != "authorize_scopes" {
                assert!(intrinsic(value).is_some(), "{name}: {key:?} in plain text");
            }
        }
        let mapping = &properties["AttributeMapping"];
        for attribute in ["email", "name"] {
            assert!(mapping[attribute].is_string(), "{name} maps {attribute}");
        }
        // Only Google says whether the address is verified; Facebook's members confirm by email.
        assert_eq!(
            mapping.get("email_verified").is_some(),
            kind == "Google",
            "{name}: email_verified"
        );
        // Cognito writes the mapped attributes at each sign-in, with the client's write access.
        for key in mapping.as_mapping().unwrap().keys() {
            let key = key.as_str().unwrap();
            assert!(
                key == "username" || writable.contains(key),
                "{name}: the client cannot write {key}"
            );
        }
    }
    // No parameter holds a secret itself.
    for (name, _) in template["Parameters"].as_mapping().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            !name.contains("Secret") || name.ends_with("SecretName"),
            "{name} looks like a secret passed as a parameter"
        );
    }
}

#[test]
fn the_sites_client_uses_the_code_flow_with_pkce_and_no_secret() {
    let template = template();
    let resources = &template["Resources"];
    let client = &resources["MemberUserPoolClient"]["Properties"];
    // A public client (PKCE is then what protects the code; Cognito has no switch to demand it,
    // the site always sends an S256 challenge) with no password flow.
    assert_eq!(client["GenerateSecret"].as_bool(), Some(false));
    assert_eq!(
        strings(&client["ExplicitAuthFlows"]),
        ["ALLOW_REFRESH_TOKEN_AUTH"]
    );
    assert_eq!(
        client["PreventUserExistenceErrors"].as_str(),
        Some("ENABLED")
    );
    assert_eq!(client["EnableTokenRevocation"].as_bool(), Some(true));
    assert_eq!(client["IdTokenValidity"].as_u64(), Some(1));
    assert_eq!(
        client["TokenValidityUnits"]["IdToken"].as_str(),
        Some("hours")
    );
    // The callbacks would close client -> distribution -> API -> authorizer -> client.
    assert!(
        !all_text(client).contains("Cdn") && client.get("CallbackURLs").is_none(),
        "the client's callbacks would close a cycle"
    );

    let callbacks = &resources["MemberSignInCallbacks"];
    assert_eq!(callbacks["Condition"].as_str(), Some("HasMemberHostedUi"));
    let properties = &callbacks["Properties"];
    assert!(is_ref_to(&properties["ClientId"], "MemberUserPoolClient"));
    assert_eq!(strings(&properties["AllowedOAuthFlows"]), ["code"]);
    assert_eq!(
        strings(&properties["AllowedOAuthScopes"]),
        ["openid", "email", "profile"],
        "never aws.cognito.signin.user.admin: members would write their own email_verified"
    );
    let providers = properties["SupportedIdentityProviders"]
        .as_sequence()
        .unwrap();
    let providers: Vec<String> = providers.iter().map(all_text).collect();
    assert_eq!(providers.len(), 2, "{providers:?}");
    for (text, condition, name) in [
        (&providers[0], "HasFacebookSignIn", "Facebook"),
        (&providers[1], "HasGoogleSignIn", "Google"),
    ] {
        assert!(
            text.starts_with(&format!("!If\n{condition}\n")) && text.contains(name),
            "{name} only when configured: {text}"
        );
    }
    assert!(
        !providers.iter().any(|text| text.contains("COGNITO")),
        "no passwords"
    );
    for (urls, pages) in [
        ("CallbackURLs", ["/en/account/", "/es/account/"]),
        ("LogoutURLs", ["/en/", "/es/"]),
    ] {
        let list = properties[urls].as_sequence().unwrap();
        assert_eq!(list.len(), 2, "{urls}");
        for (url, page) in list.iter().zip(pages) {
            let text = all_text(url);
            for wanted in [
                format!("https://${{Cdn.DomainName}}{page}"),
                format!("https://${{CdnDomainName}}{page}"),
            ] {
                assert!(text.contains(&wanted), "{urls}: {wanted} in {text}");
            }
        }
    }
    let code = client_settings_are_passed(resources, "MemberSignInCallbacks", client);
    for passed in [
        "AllowedOAuthFlows=props[\"AllowedOAuthFlows\"]",
        "AllowedOAuthScopes=props[\"AllowedOAuthScopes\"]",
        "SupportedIdentityProviders=props[\"SupportedIdentityProviders\"]",
        "cfnresponse.FAILED",
    ] {
        assert!(code.contains(passed), "{passed}");
    }
    let role = all_text(&resources["MemberSignInCallbacksRole"]["Properties"]["Policies"]);
    assert!(
        role.contains("MemberUserPool.Arn") && !role.contains("ModeratorUserPool"),
        "{role}"
    );
}

#[test]
fn every_me_route_of_the_contract_has_the_member_authorizer_and_no_other_route_has_it() {
    let template = template();
    let routes = gateway_routes(&template);
    let member_routes: BTreeSet<&str> = routes
        .iter()
        .map(|(route, _)| route.as_str())
        .filter(|route| is_member_route(route))
        .collect();
    assert_eq!(
        member_routes,
        MEMBER_ROUTES.iter().map(|(route, _)| *route).collect(),
        "the /v1/me routes of the members' contract"
    );
    for (route, authorizer) in &routes {
        assert_eq!(
            authorizer.as_deref() == Some("MemberAuthorizer"),
            is_member_route(route),
            "{route}: MemberAuthorizer belongs on /v1/me and /v1/me/* and nowhere else \
             ({authorizer:?})"
        );
    }
    let owners = route_functions(&template);
    for (route, function) in MEMBER_ROUTES {
        assert_eq!(owners[route], function, "{route} is served by {function}");
    }
}
