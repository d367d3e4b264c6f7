//! The site's side of the distribution in the SAM template: missing pages are the site's own
//! 404 (CloudFront Functions on the site's behaviour, which know its pages), and nothing of
//! that touches the API's answers under `/v1/*`. web/tests/cdn-functions.test.mjs runs the
//! functions themselves.

use std::collections::BTreeSet;
use std::path::Path;

use crate::template::{all_text, client_settings_are_passed, template};

/// Every page of the site under `/en/` and `/es/`, as the CloudFront function lists them:
/// `""`, `glossary/`, `glossary/search/`… from `web/src/pages/[lang]/`.
fn site_pages() -> BTreeSet<String> {
    fn walk(dir: &Path, prefix: &str, pages: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), pages);
            } else if let Some(stem) = name.strip_suffix(".astro") {
                pages.insert(if stem == "index" {
                    prefix.to_owned()
                } else {
                    format!("{prefix}{stem}/")
                });
            }
        }
    }
    let mut pages = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("web/src/pages/[lang]");
    walk(&root, "", &mut pages);
    pages
}

/// The quoted strings of the function's `var PAGES = [...]`.
fn function_pages(code: &str) -> BTreeSet<String> {
    let start = code.find("var PAGES = [").expect("var PAGES") + "var PAGES = [".len();
    let list = &code[start..start + code[start..].find("];").unwrap()];
    list.split(',')
        .map(|item| item.trim().trim_matches('\'').to_owned())
        .collect()
}

#[test]
fn missing_pages_are_the_sites_404_and_api_errors_pass_through_untouched() {
    let template = template();
    let resources = &template["Resources"];
    let distribution = &resources["Cdn"]["Properties"]["DistributionConfig"];
    // Custom error responses apply to every behaviour: an API 403 (a signed-in reader outside
    // the moderators group) or 503 through the CDN would become an HTML page.
    assert!(
        distribution.get("CustomErrorResponses").is_none(),
        "no distribution-wide error pages"
    );
    let associations = &distribution["DefaultCacheBehavior"]["FunctionAssociations"];
    let site_functions: Vec<(String, String)> = associations
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["EventType"].as_str().unwrap().to_owned(),
                all_text(&a["FunctionARN"]),
            )
        })
        .collect();
    assert_eq!(site_functions.len(), 2, "{site_functions:?}");
    assert!(
        site_functions[0].0 == "viewer-request"
            && site_functions[0].1.contains("SiteRequestFunction")
    );
    assert!(
        site_functions[1].0 == "viewer-response"
            && site_functions[1].1.contains("SiteNotFoundFunction")
    );
    for behavior in distribution["CacheBehaviors"].as_sequence().unwrap() {
        let text = all_text(behavior);
        assert!(
            behavior["TargetOriginId"] == "http-api" && !text.contains("Site"),
            "{} reaches the API untouched by the site's functions",
            behavior["PathPattern"].as_str().unwrap()
        );
    }
    // Both functions map addresses alike, and know every page of the site and no other.
    let code = |name: &str| {
        resources[name]["Properties"]["FunctionCode"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (request, response) = (code("SiteRequestFunction"), code("SiteNotFoundFunction"));
    let mapping = |code: &str| code[..code.find("function handler").unwrap()].to_owned();
    assert_eq!(mapping(&request), mapping(&response), "the same siteKey");
    assert_eq!(
        function_pages(&request),
        site_pages(),
        "SiteRequestFunction's PAGES must list web/src/pages/[lang]/"
    );
}

#[test]
fn moderators_sign_in_on_the_distributions_own_domain_without_a_dependency_cycle() {
    let template = template();
    let resources = &template["Resources"];
    assert_eq!(
        all_text(&template["Conditions"]["HasModeratorHostedUi"]),
        "!And\n!Condition\nCreateCdn\n!Not\n!Equals\n!Ref\nModeratorAuthDomainPrefix\n",
        "only the prefix is asked of an operator"
    );
    // The client names no URL of the distribution: the API's authorizer names the client.
    let client = &resources["ModeratorUserPoolClient"]["Properties"];
    assert!(
        !all_text(client).contains("Cdn") && client.get("CallbackURLs").is_none(),
        "the client's callbacks would close a cycle"
    );
    let callbacks = &resources["ModeratorSignInCallbacks"];
    assert_eq!(
        callbacks["Condition"].as_str(),
        Some("HasModeratorHostedUi")
    );
    let properties = &callbacks["Properties"];
    for urls in ["CallbackURLs", "LogoutURLs"] {
        let text = all_text(&properties[urls]);
        for wanted in [
            "https://${Cdn.DomainName}/en/moderation/",
            "https://${Cdn.DomainName}/es/moderation/",
            "https://${CdnDomainName}/en/moderation/",
        ] {
            assert!(text.contains(wanted), "{urls}: {wanted} in {text}");
        }
    }
    let code = client_settings_are_passed(resources, "ModeratorSignInCallbacks", client);
    for call in [
        "describe_user_pool_client",
        "update_user_pool_client",
        "cfnresponse.FAILED",
    ] {
        assert!(code.contains(call), "{call}");
    }
}
