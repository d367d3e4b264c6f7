//! The story store contract, on the embedded store and on DynamoDB Local.

use chrono::{DateTime, Duration, Utc};
use shared::http::lang::Lang;
use shared::http::member::MemberId;
use stories::domain::story::{
    AuditAction, AuditEntry, ListPosition, Profile, Revision, StoryRecord, StoryStatus,
};
use stories::store::{DynamoStoryStore, PageRequest, Replace, Replacement, StoryStore};

use crate::dynamodb_local;

async fn dynamo_store() -> DynamoStoryStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoStoryStore::new(client, tables.stories)
}

macro_rules! contract {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case(stories::store::MemoryStoryStore::new()).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case(super::dynamo_store().await).await;
            }
        }
    )*};
}

contract!(
    stories_round_trip_with_their_audit_trail,
    an_existing_story_is_never_overwritten_by_create,
    a_stale_replace_changes_nothing,
    a_replace_rewrites_earlier_audit_entries_in_the_same_write,
    published_lists_hold_approved_stories_of_one_language_newest_first,
    status_queues_are_oldest_first_and_page_by_cursor,
    a_members_list_is_theirs_newest_first_until_unlinked,
    expired_stories_are_gone_from_every_read,
);

fn replacement<'a>(
    story: &'a StoryRecord,
    expected_version: u32,
    audit: &'a AuditEntry,
    rewritten: &'a [AuditEntry],
) -> Replacement<'a> {
    Replacement {
        story,
        expected_version,
        audit,
        rewritten,
    }
}

/// The page of at most `limit` stories after `after`, read at `now`.
fn request(limit: usize, after: Option<&ListPosition>, now: DateTime<Utc>) -> PageRequest<'_> {
    PageRequest { limit, after, now }
}

fn at(minute: i64) -> DateTime<Utc> {
    "2026-11-27T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minute)
}

fn story(id: &str, status: StoryStatus, lang: Lang, minute: i64) -> StoryRecord {
    StoryRecord {
        id: id.to_owned(),
        status,
        version: 1,
        lang,
        profile: Some(Profile {
            role: "patient".into(),
            cancer_type: "lung".into(),
            treatment: "checkpoint_inhibitor".into(),
            age_range: None,
            display_name: Some("Sam".into()),
            contact_email: Some("sam@example.org".into()),
        }),
        revisions: vec![Revision {
            number: 1,
            title: format!("Title {id}"),
            body: "Body ñ 👍 with\nlines".into(),
            author: "submitter".into(),
            created_at: at(minute),
        }],
        consents: Vec::new(),
        flags: Vec::new(),
        withdrawal_token_sha256: "ab".repeat(32),
        owner: None,
        created_at: at(minute),
        updated_at: at(minute),
        published_at: (status == StoryStatus::Approved).then(|| at(minute)),
        expires_at: None,
    }
}

fn audit(story: &StoryRecord, action: AuditAction) -> AuditEntry {
    AuditEntry {
        story_id: story.id.clone(),
        at: story.updated_at,
        actor: "submitter".into(),
        action,
        from: None,
        to: story.status,
        reason: None,
        revision: Some(1),
        version: story.version,
    }
}

fn ids(stories: &[StoryRecord]) -> Vec<&str> {
    stories.iter().map(|story| story.id.as_str()).collect()
}

async fn stories_round_trip_with_their_audit_trail(store: impl StoryStore) {
    let original = story("s1", StoryStatus::Pending, Lang::Es, 0);
    store
        .create(&original, &audit(&original, AuditAction::Submitted))
        .await
        .unwrap();
    assert_eq!(
        store.get("s1", at(1)).await.unwrap(),
        Some(original.clone())
    );
    assert_eq!(store.get("missing", at(1)).await.unwrap(), None);
    let mut approved = original.clone();
    approved.status = StoryStatus::Approved;
    approved.version = 2;
    approved.updated_at = at(5);
    approved.published_at = Some(at(5));
    let entry = audit(&approved, AuditAction::Approved);
    assert_eq!(
        store
            .replace(replacement(&approved, 1, &entry, &[]))
            .await
            .unwrap(),
        Replace::Done
    );
    assert_eq!(store.get("s1", at(6)).await.unwrap(), Some(approved));
    let trail = store.audit_trail("s1").await.unwrap();
    let actions: Vec<_> = trail.iter().map(|entry| entry.action).collect();
    assert_eq!(actions, [AuditAction::Submitted, AuditAction::Approved]);
}

async fn an_existing_story_is_never_overwritten_by_create(store: impl StoryStore) {
    let first = story("s1", StoryStatus::Pending, Lang::En, 0);
    store
        .create(&first, &audit(&first, AuditAction::Submitted))
        .await
        .unwrap();
    let mut other = story("s1", StoryStatus::Held, Lang::En, 1);
    other.revisions[0].title = "Impostor".into();
    assert_eq!(
        store
            .create(&other, &audit(&other, AuditAction::Submitted))
            .await
            .unwrap(),
        stories::store::Created::Exists
    );
    assert_eq!(store.get("s1", at(2)).await.unwrap(), Some(first));
    assert_eq!(
        store.audit_trail("s1").await.unwrap().len(),
        1,
        "no partial write"
    );
}

async fn a_stale_replace_changes_nothing(store: impl StoryStore) {
    let original = story("s1", StoryStatus::Pending, Lang::En, 0);
    store
        .create(&original, &audit(&original, AuditAction::Submitted))
        .await
        .unwrap();
    let mut changed = original.clone();
    changed.status = StoryStatus::Rejected;
    changed.version = 5;
    let entry = audit(&changed, AuditAction::Rejected);
    assert_eq!(
        store
            .replace(replacement(&changed, 4, &entry, &[]))
            .await
            .unwrap(),
        Replace::Stale
    );
    assert_eq!(store.get("s1", at(1)).await.unwrap(), Some(original));
    assert_eq!(
        store.audit_trail("s1").await.unwrap().len(),
        1,
        "the audit entry is not written alone"
    );
}

/// Withdrawal drops the moderators' reasons from the trail as it erases the text.
async fn a_replace_rewrites_earlier_audit_entries_in_the_same_write(store: impl StoryStore) {
    let original = story("s1", StoryStatus::Pending, Lang::En, 0);
    let submitted = audit(&original, AuditAction::Submitted);
    store.create(&original, &submitted).await.unwrap();
    let mut approved = original.clone();
    (approved.status, approved.version, approved.updated_at) = (StoryStatus::Approved, 2, at(1));
    let mut approval = audit(&approved, AuditAction::Approved);
    approval.reason = Some("Kept Sam's first name.".into());
    store
        .replace(replacement(&approved, 1, &approval, &[]))
        .await
        .unwrap();
    let mut withdrawn = approved.clone();
    (withdrawn.status, withdrawn.version, withdrawn.updated_at) =
        (StoryStatus::Withdrawn, 3, at(2));
    let withdrawal = audit(&withdrawn, AuditAction::Withdrawn);
    let without_reason = AuditEntry {
        reason: None,
        ..approval.clone()
    };

    let stale = store.replace(replacement(
        &withdrawn,
        1,
        &withdrawal,
        std::slice::from_ref(&without_reason),
    ));
    assert_eq!(stale.await.unwrap(), Replace::Stale);
    let trail = store.audit_trail("s1").await.unwrap();
    assert_eq!(
        trail,
        [submitted.clone(), approval],
        "a stale replace rewrites nothing"
    );

    let done = store.replace(replacement(
        &withdrawn,
        2,
        &withdrawal,
        std::slice::from_ref(&without_reason),
    ));
    assert_eq!(done.await.unwrap(), Replace::Done);
    let trail = store.audit_trail("s1").await.unwrap();
    assert_eq!(trail, [submitted, without_reason, withdrawal]);
}

async fn published_lists_hold_approved_stories_of_one_language_newest_first(
    store: impl StoryStore,
) {
    for (id, status, lang, minute) in [
        ("a", StoryStatus::Approved, Lang::En, 1),
        ("b", StoryStatus::Approved, Lang::En, 3),
        ("c", StoryStatus::Approved, Lang::Es, 2),
        ("d", StoryStatus::Pending, Lang::En, 4),
        ("e", StoryStatus::Approved, Lang::En, 2),
    ] {
        let record = story(id, status, lang, minute);
        store
            .create(&record, &audit(&record, AuditAction::Submitted))
            .await
            .unwrap();
    }
    let page = store
        .published(Lang::En, request(2, None, at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&page.items), ["b", "e"]);
    let rest = store
        .published(Lang::En, request(2, page.next.as_ref(), at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&rest.items), ["a"]);
    assert!(rest.next.is_none());
    assert_eq!(
        ids(&store
            .published(Lang::Es, request(10, None, at(10)))
            .await
            .unwrap()
            .items),
        ["c"]
    );
}

async fn status_queues_are_oldest_first_and_page_by_cursor(store: impl StoryStore) {
    for (id, minute) in [("x", 3), ("y", 1), ("z", 2), ("w", 4)] {
        let record = story(id, StoryStatus::Held, Lang::En, minute);
        store
            .create(&record, &audit(&record, AuditAction::Submitted))
            .await
            .unwrap();
    }
    let first = store
        .by_status(StoryStatus::Held, request(3, None, at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&first.items), ["y", "z", "x"]);
    let after = first.next.clone().expect("more to come");
    let second = store
        .by_status(StoryStatus::Held, request(3, Some(&after), at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&second.items), ["w"]);
    assert!(store
        .by_status(StoryStatus::Pending, request(3, None, at(10)))
        .await
        .unwrap()
        .items
        .is_empty());
}

async fn expired_stories_are_gone_from_every_read(store: impl StoryStore) {
    let mut rejected = story("old", StoryStatus::Rejected, Lang::En, 0);
    rejected.expires_at = Some(at(60));
    store
        .create(&rejected, &audit(&rejected, AuditAction::Rejected))
        .await
        .unwrap();
    assert!(store.get("old", at(59)).await.unwrap().is_some());
    assert_eq!(
        store
            .by_status(StoryStatus::Rejected, request(10, None, at(59)))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert!(store.get("old", at(61)).await.unwrap().is_none());
    assert!(store
        .by_status(StoryStatus::Rejected, request(10, None, at(61)))
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!(
        store.audit_trail("old").await.unwrap().len(),
        1,
        "the audit entry stays"
    );
}

async fn a_members_list_is_theirs_newest_first_until_unlinked(store: impl StoryStore) {
    let (ana, bea) = (
        MemberId::parse("ana").unwrap(),
        MemberId::parse("bea").unwrap(),
    );
    let owned = [
        ("a1", &ana, 1),
        ("a2", &ana, 3),
        ("a3", &ana, 2),
        ("b1", &bea, 4),
    ];
    for (id, owner, minute) in owned {
        let mut record = story(id, StoryStatus::Pending, Lang::En, minute);
        record.owner = Some(owner.clone());
        store
            .create(&record, &audit(&record, AuditAction::Submitted))
            .await
            .unwrap();
    }
    let anonymous = story("n1", StoryStatus::Pending, Lang::En, 5);
    store
        .create(&anonymous, &audit(&anonymous, AuditAction::Submitted))
        .await
        .unwrap();
    let first = store
        .owned_by(&ana, request(2, None, at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&first.items), ["a2", "a3"]);
    let after = first.next.clone().expect("more to come");
    let second = store
        .owned_by(&ana, request(2, Some(&after), at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&second.items), ["a1"]);
    assert_eq!(second.next, None);
    let beas = store
        .owned_by(&bea, request(10, None, at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&beas.items), ["b1"]);
    // Unlinked (the account deleted): out of the member's list, still a story.
    let mut unlinked = store.get("a3", at(10)).await.unwrap().unwrap();
    unlinked.owner = None;
    unlinked.version += 1;
    let replaced = store
        .replace(replacement(
            &unlinked,
            1,
            &audit(&unlinked, AuditAction::Unlinked),
            &[],
        ))
        .await
        .unwrap();
    assert_eq!(replaced, Replace::Done);
    let now = store
        .owned_by(&ana, request(10, None, at(10)))
        .await
        .unwrap();
    assert_eq!(ids(&now.items), ["a2", "a1"]);
    assert!(store.get("a3", at(10)).await.unwrap().is_some());
}
