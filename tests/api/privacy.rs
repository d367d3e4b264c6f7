//! The README's table of every field the product keeps ("Every field we keep") is held against
//! what the DynamoDB tables really contain after every flow that writes them: an attribute the
//! table does not list fails the test (a new personal field cannot slip in unexplained), a row no
//! flow writes is stale, and what the table says withdrawal and erasure remove is gone from the
//! items afterwards.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::json;

use crate::community_helpers::{signup_body, spawn_community_app, spawn_community_app_with};
use crate::stories_helpers::spawn_stories_app_with;

/// One row of the README's table.
#[derive(Debug)]
struct Row {
    table: String,
    attribute: String,
    personal: bool,
    /// What the "erasure" column promises: "removed on withdrawal", "removed on erasure", or
    /// what stays and why.
    erasure: String,
}

/// The rows of the table under the README heading "Every field we keep".
fn readme_rows() -> Vec<Row> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("### Every field we keep")
        .nth(1)
        .expect("README has a section \"Every field we keep\"");
    let table = section.split("\n#").next().unwrap();
    table
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 7, "a row of 7 cells: {line}");
            Row {
                table: cells[0].trim_matches('`').to_owned(),
                attribute: cells[1].trim_matches('`').to_owned(),
                personal: match cells[2] {
                    "yes" => true,
                    "no" => false,
                    other => panic!("\"personal\" is yes or no, not {other:?}: {line}"),
                },
                erasure: cells[6].to_owned(),
            }
        })
        .collect()
}

/// Attribute paths of an item that hold a value: `name`, `name.key` inside maps, `name[].key`
/// inside lists of maps. A null, an empty list or an empty map holds nothing (erased fields may
/// stay as one).
fn paths(prefix: &str, value: &AttributeValue, found: &mut BTreeSet<String>) {
    let empty = match value {
        AttributeValue::Null(_) => true,
        AttributeValue::L(items) => items.is_empty(),
        AttributeValue::M(map) => map.is_empty(),
        _ => false,
    };
    if !empty {
        found.insert(prefix.to_owned());
    }
    match value {
        AttributeValue::M(map) => {
            for (key, inner) in map {
                paths(&format!("{prefix}.{key}"), inner, found);
            }
        }
        AttributeValue::L(items) => {
            for inner in items {
                if let AttributeValue::M(map) = inner {
                    for (key, inner) in map {
                        paths(&format!("{prefix}[].{key}"), inner, found);
                    }
                }
            }
        }
        _ => {}
    }
}

type Items = Vec<std::collections::HashMap<String, AttributeValue>>;

async fn scan(client: &aws_sdk_dynamodb::Client, table: &str) -> Items {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(table)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        items.extend(page.items.unwrap_or_default());
        start = page.last_evaluated_key;
        if start.is_none() {
            return items;
        }
    }
}

fn attributes_of(items: &Items) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for item in items {
        for (name, value) in item {
            paths(name, value, &mut found);
        }
    }
    found
}

#[tokio::test]
async fn the_readme_lists_every_stored_field_and_erasure_removes_what_it_promises() {
    let client = crate::dynamodb_local::client().await;
    let tables = crate::dynamodb_local::fresh_tables(&client).await;
    let stores = immunoguide::Stores::dynamo(client.clone(), &tables);

    // Stories: one published after an edit, one rejected, one withdrawn, one held, all with every
    // optional field a person can give.
    let stories = spawn_stories_app_with(stores.clone(), |_| {}).await;
    let with_contact = |body: &mut serde_json::Value| {
        body["consents"]["contact"] = json!(true);
        body["contact_email"] = json!("privacy.reader@example.org");
    };
    let published = stories.submit_valid(with_contact).await;
    let published_id = published["id"].as_str().unwrap();
    stories
        .decided(
            published_id,
            json!({"action": "approve", "reason": "Removed the surname.", "version": 1,
                   "title": "Two years on an immunotherapy"}),
        )
        .await;
    let rejected = stories.submit_valid(with_contact).await;
    stories
        .decided(
            rejected["id"].as_str().unwrap(),
            json!({"action": "reject", "reason": "Promotes an unproven cure.", "version": 1}),
        )
        .await;
    let withdrawn = stories.submit_valid(with_contact).await;
    let withdrawn_id = withdrawn["id"].as_str().unwrap().to_owned();
    stories.approve(&withdrawn_id).await;
    let mut held = crate::stories_helpers::valid_story(&stories.form_token().await);
    held["body"] = json!(
        "Write to me at held.reader@example.org about the trial: it changed my life, and I would \
         like to tell anyone who is starting one what the first months were like."
    );
    let response = stories.submit(&held, Some("privacy-idempotency-key")).await;
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
    // A member's story: it carries the member's pseudonym and the member's index.
    let member = crate::me_helpers::sign_in(
        &immunoguide::local_auth::LocalJwtKey::new(b"test-moderator-key"),
        "privacy.member@example.org",
        true,
    );
    let mine = crate::stories_helpers::valid_story(&stories.form_token().await);
    let response = stories
        .app
        .client
        .post(stories.app.url("/v1/me/stories"))
        .bearer_auth(member)
        .json(&mine)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
    let withdraw = stories
        .app
        .client
        .delete(stories.app.url(&format!("/v1/stories/{withdrawn_id}")))
        .bearer_auth(withdrawn["withdrawal_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(withdraw.status(), 204);

    // Community: a member, an unsubscribed address, an erased one and a pending signup.
    let community = spawn_community_app_with(stores.clone(), |_| {}).await;
    for email in [
        "member@example.org",
        "leaver@example.org",
        "eraser@example.org",
    ] {
        assert_eq!(community.sign_up(email).await.status(), 202);
        community.clock.advance(std::time::Duration::from_secs(120));
        assert_eq!(community.confirm_latest(email).await.status(), 200);
    }
    assert_eq!(community.sign_up("pending@example.org").await.status(), 202);
    let unsubscribe = json!({"token": community.manage_token("leaver@example.org")});
    let response = community
        .post("/v1/community/unsubscribe", &unsubscribe)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(community.erase("eraser@example.org").await.status(), 200);
    // An anonymous signup for the erased address: the owner is mailed a confirmation link, and
    // the store keeps nothing more of the address than before.
    community.clock.advance(std::time::Duration::from_secs(120));
    assert_eq!(community.sign_up("eraser@example.org").await.status(), 202);
    assert_eq!(community.mails_to("eraser@example.org").len(), 3);

    let rows = readme_rows();
    let mut listed: BTreeMap<(&str, &str), &Row> = BTreeMap::new();
    for row in &rows {
        assert!(
            listed.insert((&row.table, &row.attribute), row).is_none(),
            "listed twice: {row:?}"
        );
    }
    let mut stored: BTreeSet<(String, String)> = BTreeSet::new();
    for (logical, physical) in [
        ("stories", &tables.stories),
        ("community", &tables.community),
        ("rate-limits", &tables.rate_limits),
        ("idempotency", &tables.idempotency),
    ] {
        for attribute in attributes_of(&scan(&client, physical).await) {
            stored.insert((logical.to_owned(), attribute));
        }
    }
    let unlisted: Vec<_> = stored
        .iter()
        .filter(|(table, attribute)| !listed.contains_key(&(table.as_str(), attribute.as_str())))
        .collect();
    assert!(
        unlisted.is_empty(),
        "stored but not in README's \"Every field we keep\": {unlisted:#?}"
    );
    let stale: Vec<_> = rows
        .iter()
        .filter(|row| !stored.contains(&(row.table.clone(), row.attribute.clone())))
        .map(|row| format!("{}.{}", row.table, row.attribute))
        .collect();
    assert!(stale.is_empty(), "listed but never stored: {stale:#?}");
    assert!(
        !stored
            .iter()
            .any(|(_, attribute)| attribute == "source_page"),
        "the page a signup came from is not kept"
    );

    // No table holds the address of a pending signup, nor of the erased one signed up again, in
    // any attribute: it travels sealed in the confirmation link.
    for (physical, items) in [
        (&tables.community, scan(&client, &tables.community).await),
        (
            &tables.rate_limits,
            scan(&client, &tables.rate_limits).await,
        ),
        (
            &tables.idempotency,
            scan(&client, &tables.idempotency).await,
        ),
    ] {
        let text = format!("{items:?}");
        for address in ["pending@example.org", "eraser@example.org"] {
            assert!(!text.contains(address), "{physical} holds {address}");
        }
    }
    // What the store keeps for a pending signup is what abuse control needs, and no more.
    let pending_hash = community.hash("pending@example.org");
    let pending_items: Items = scan(&client, &tables.community)
        .await
        .into_iter()
        .filter(|item| item.get("sk") == Some(&AttributeValue::S("MEMBER".into())))
        .filter(|item| item.get("email_hash") == Some(&AttributeValue::S(pending_hash.clone())))
        .collect();
    assert_eq!(pending_items.len(), 1, "one pending record");
    let kept: Vec<String> = attributes_of(&pending_items).into_iter().collect();
    assert_eq!(
        kept,
        [
            "created_at",
            "email_hash",
            "expires_at",
            "expiry",
            "lang",
            "mail_day",
            "mails_that_day",
            "pk",
            "sk",
            "status",
            "updated_at",
            "version"
        ],
        "a pending signup: its hash, its counts and its lapse"
    );

    // What withdrawal promises to remove is gone from the withdrawn story's items.
    let withdrawn_items: Items = scan(&client, &tables.stories)
        .await
        .into_iter()
        .filter(|item| {
            item.values().any(|value| {
                matches!(value, AttributeValue::S(text) if text.contains(withdrawn_id.as_str()))
            })
        })
        .collect();
    assert!(!withdrawn_items.is_empty());
    let left = attributes_of(&withdrawn_items);
    for row in rows
        .iter()
        .filter(|row| row.table == "stories" && row.personal)
    {
        if row.erasure == "removed on withdrawal" {
            assert!(
                !left.contains(&row.attribute),
                "withdrawal leaves `{}` behind",
                row.attribute
            );
        }
    }

    // A signup no one confirmed lapses with its pending record (TTL); a confirmed one stays.
    let community_items = scan(&client, &tables.community).await;
    let signup_event_ttl = |email: &str| {
        let hash = community.hash(email);
        let events: Vec<_> = community_items
            .iter()
            .filter(|item| {
                item.get("email_hash") == Some(&AttributeValue::S(hash.clone()))
                    && item.get("kind") == Some(&AttributeValue::S("signup".into()))
            })
            .collect();
        assert_eq!(events.len(), 1, "{email}: one signup event");
        events[0].contains_key("expires_at")
    };
    assert!(signup_event_ttl("pending@example.org"));
    assert!(!signup_event_ttl("member@example.org"));

    // What erasure promises to remove is gone from the erased address's items.
    let erased_hash = community.hash("eraser@example.org");
    let erased_items: Items = scan(&client, &tables.community)
        .await
        .into_iter()
        .filter(|item| {
            item.values().any(
                |value| matches!(value, AttributeValue::S(text) if text.contains(&erased_hash)),
            )
        })
        .collect();
    assert!(!erased_items.is_empty());
    let erased_record: Vec<_> = erased_items
        .iter()
        .filter(|item| item.get("sk") == Some(&AttributeValue::S("MEMBER".into())))
        .collect();
    assert_eq!(erased_record.len(), 1);
    assert_eq!(
        erased_record[0].get("status"),
        Some(&AttributeValue::S("erased".into())),
        "a signup after erasure leaves the suppression entry as it was"
    );
    assert!(
        !erased_record[0].contains_key("expires_at"),
        "and never gives it a TTL"
    );
    let left = attributes_of(&erased_items);
    for row in rows
        .iter()
        .filter(|row| row.table == "community" && row.personal)
    {
        if row.erasure == "removed on erasure" {
            assert!(
                !left.contains(&row.attribute),
                "erasure leaves `{}` behind",
                row.attribute
            );
        }
    }
}

/// An older frontend may still send a first name: it is checked, never kept nor mailed (the
/// DynamoDB side is the test above: its signups send one too).
#[tokio::test]
async fn a_first_name_is_checked_but_never_kept() {
    let community = spawn_community_app().await;
    let address = "named.person@example.org";
    let body = signup_body(address, &community.form_token().await);
    assert_eq!(body["first_name"], "Ana");
    let response = community.post("/v1/community/signups", &body).await;
    assert_eq!(response.status(), 202);
    let member = community.member(address).await.expect("a pending record");
    assert!(!format!("{member:?}").contains("Ana"), "{member:?}");
    assert!(community
        .mails_to(address)
        .iter()
        .all(|mail| !mail.text.contains("Ana")));
}
