//! Deleting a member's account, on DynamoDB Local, leaves nothing of what the README's
//! "Every field we keep" says goes with it: no item links to the member any more, their stories'
//! text and profile are gone, their subscription's address is erased, and the account is gone
//! from the members' directory.

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::Method;

use crate::me_helpers::spawn_members_app_with;

#[tokio::test]
async fn deleting_an_account_erases_everything_the_privacy_table_lists() {
    let client = crate::dynamodb_local::client().await;
    let tables = crate::dynamodb_local::fresh_tables(&client).await;
    let stores = immunoguide::Stores::dynamo(client.clone(), &tables);
    let members = spawn_members_app_with(stores, |_| {}).await;
    let ana = members.token("ana.member@example.org", true);
    let me = members.read("/v1/me", &ana).await;
    let subject = me["id"].as_str().unwrap().to_owned();
    let first = members.share(&ana).await;
    members.share(&ana).await;
    members.join(&ana, &["patient"], "en").await;
    let path = format!("/v1/me/stories/{first}");
    assert_eq!(members.delete_status(&path, &ana).await, 204);

    let stories = members
        .call(Method::DELETE, "/v1/me/stories", &ana, None)
        .await;
    assert_eq!(stories.status(), 204);
    let account = members.call(Method::DELETE, "/v1/me", &ana, None).await;
    assert_eq!(account.status(), 204);

    let scan = |table: String| {
        let client = client.clone();
        async move {
            client
                .scan()
                .table_name(table)
                .send()
                .await
                .unwrap()
                .items
                .unwrap_or_default()
        }
    };
    let story_items = scan(tables.stories.clone()).await;
    assert!(!story_items.is_empty());
    for item in &story_items {
        for attribute in ["owner", "gsi3pk", "gsi3sk", "profile"] {
            let held = item
                .get(attribute)
                .is_some_and(|value| !matches!(value, AttributeValue::Null(_)));
            assert!(!held, "{attribute} left: {item:?}");
        }
        let text = format!("{item:?}");
        assert!(!text.contains(&subject), "the member's id is left: {text}");
        assert!(
            !text.contains("nivolumab"),
            "a story's text is left: {text}"
        );
    }
    let community_items = scan(tables.community.clone()).await;
    let text = format!("{community_items:?}");
    assert!(
        !text.contains("ana.member@example.org"),
        "the address is left: {text}"
    );
    let record = community_items
        .iter()
        .find(|item| item.get("sk") == Some(&AttributeValue::S("MEMBER".into())))
        .expect("the suppression entry stays");
    assert_eq!(record["status"], AttributeValue::S("erased".into()));
    let username = format!("Facebook_{subject}");
    assert!(members.accounts.is_deleted(&username));
}
