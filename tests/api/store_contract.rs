//! One contract for the page store, run against both adapters: the embedded store and the
//! DynamoDB adapter on a real DynamoDB Local.

use content::domain::{parse_page, Page, Slug};
use content::store::{DynamoPageStore, PageReader, PageWriter, PutOutcome};
use shared::http::lang::Lang;

use crate::dynamodb_local;
use crate::helpers::page_source;

trait PageStore: PageReader + PageWriter {}
impl<T: PageReader + PageWriter> PageStore for T {}

fn page(slug: &str, lang: &str, title: &str) -> Page {
    parse_page(&page_source(slug, lang, title)).unwrap()
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

async fn dynamo_store() -> DynamoPageStore {
    let client = dynamodb_local::client().await;
    let tables = dynamodb_local::fresh_tables(&client).await;
    DynamoPageStore::new(client, tables.content)
}

/// Runs one contract case against each adapter.
macro_rules! contract {
    ($($case:ident),* $(,)?) => {$(
        mod $case {
            #[tokio::test]
            async fn embedded() {
                super::$case(content::store::MemoryPageStore::new()).await;
            }

            #[tokio::test]
            async fn dynamodb() {
                super::$case(super::dynamo_store().await).await;
            }
        }
    )*};
}

contract!(
    puts_report_created_then_unchanged_then_updated,
    translations_hold_every_language_in_order,
    lists_hold_one_language_ordered_by_slug,
    unknown_pages_have_no_translations,
    pages_round_trip_exactly,
);

async fn puts_report_created_then_unchanged_then_updated(store: impl PageStore) {
    let original = page("about", "en", "About");
    assert_eq!(
        store.put_page(&original).await.unwrap(),
        PutOutcome::Created
    );
    assert_eq!(
        store.put_page(&original).await.unwrap(),
        PutOutcome::Unchanged
    );
    let edited = page("about", "en", "About us");
    assert_eq!(store.put_page(&edited).await.unwrap(), PutOutcome::Updated);
    assert_eq!(
        store.translations(&slug("about")).await.unwrap(),
        vec![edited]
    );
}

async fn translations_hold_every_language_in_order(store: impl PageStore) {
    let spanish = page("about", "es", "Acerca de");
    let english = page("about", "en", "About");
    store.put_page(&spanish).await.unwrap();
    store.put_page(&english).await.unwrap();
    store.put_page(&page("other", "en", "Other")).await.unwrap();
    assert_eq!(
        store.translations(&slug("about")).await.unwrap(),
        vec![english, spanish]
    );
}

async fn lists_hold_one_language_ordered_by_slug(store: impl PageStore) {
    for (slug, lang, title) in [
        ("zeta", "en", "Zeta"),
        ("alpha", "en", "Alpha"),
        ("alpha", "es", "Alfa"),
    ] {
        store.put_page(&page(slug, lang, title)).await.unwrap();
    }
    let english = store.list_pages(Lang::En).await.unwrap();
    let slugs: Vec<_> = english
        .iter()
        .map(|summary| summary.slug.as_str())
        .collect();
    assert_eq!(slugs, ["alpha", "zeta"]);
    assert_eq!(english[0].title, "Alpha");
    assert_eq!(english[0].summary, "About Alpha.");
    assert_eq!(
        english[0].updated_at.to_rfc3339(),
        "2026-01-01T00:00:00+00:00"
    );
    let spanish = store.list_pages(Lang::Es).await.unwrap();
    assert_eq!(spanish.len(), 1);
    assert_eq!(spanish[0].title, "Alfa");
}

async fn unknown_pages_have_no_translations(store: impl PageStore) {
    assert!(store
        .translations(&slug("missing"))
        .await
        .unwrap()
        .is_empty());
    assert!(store.list_pages(Lang::Es).await.unwrap().is_empty());
}

async fn pages_round_trip_exactly(store: impl PageStore) {
    let pages =
        content::domain::load_pages(&immunoguide::default_content_dir().join("pages")).unwrap();
    assert!(pages.len() >= 2, "the repository ships pages");
    for page in &pages {
        store.put_page(page).await.unwrap();
    }
    for page in &pages {
        let stored = store.translations(&slug(&page.slug)).await.unwrap();
        assert!(
            stored.contains(page),
            "{}/{} round-trips",
            page.slug,
            page.lang
        );
    }
}

mod stories_contract {
    //! The story store contract, on the embedded store and on DynamoDB Local.

    use chrono::{DateTime, Duration, Utc};
    use shared::http::lang::Lang;
    use stories::domain::story::{
        AuditAction, AuditEntry, Profile, Revision, StoryRecord, StoryStatus,
    };
    use stories::store::{DynamoStoryStore, Replace, StoryStore};

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
        expired_stories_are_gone_from_every_read,
    );

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
            store.replace(&approved, 1, &entry, &[]).await.unwrap(),
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
            store.replace(&changed, 4, &entry, &[]).await.unwrap(),
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
        (approved.status, approved.version, approved.updated_at) =
            (StoryStatus::Approved, 2, at(1));
        let mut approval = audit(&approved, AuditAction::Approved);
        approval.reason = Some("Kept Sam's first name.".into());
        store.replace(&approved, 1, &approval, &[]).await.unwrap();
        let mut withdrawn = approved.clone();
        (withdrawn.status, withdrawn.version, withdrawn.updated_at) =
            (StoryStatus::Withdrawn, 3, at(2));
        let withdrawal = audit(&withdrawn, AuditAction::Withdrawn);
        let without_reason = AuditEntry {
            reason: None,
            ..approval.clone()
        };

        let stale = store.replace(
            &withdrawn,
            1,
            &withdrawal,
            std::slice::from_ref(&without_reason),
        );
        assert_eq!(stale.await.unwrap(), Replace::Stale);
        let trail = store.audit_trail("s1").await.unwrap();
        assert_eq!(
            trail,
            [submitted.clone(), approval],
            "a stale replace rewrites nothing"
        );

        let done = store.replace(
            &withdrawn,
            2,
            &withdrawal,
            std::slice::from_ref(&without_reason),
        );
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
        let page = store.published(Lang::En, 2, None, at(10)).await.unwrap();
        assert_eq!(ids(&page.items), ["b", "e"]);
        let rest = store
            .published(Lang::En, 2, page.next.as_ref(), at(10))
            .await
            .unwrap();
        assert_eq!(ids(&rest.items), ["a"]);
        assert!(rest.next.is_none());
        assert_eq!(
            ids(&store
                .published(Lang::Es, 10, None, at(10))
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
            .by_status(StoryStatus::Held, 3, None, at(10))
            .await
            .unwrap();
        assert_eq!(ids(&first.items), ["y", "z", "x"]);
        let after = first.next.clone().expect("more to come");
        let second = store
            .by_status(StoryStatus::Held, 3, Some(&after), at(10))
            .await
            .unwrap();
        assert_eq!(ids(&second.items), ["w"]);
        assert!(store
            .by_status(StoryStatus::Pending, 3, None, at(10))
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
                .by_status(StoryStatus::Rejected, 10, None, at(59))
                .await
                .unwrap()
                .items
                .len(),
            1
        );
        assert!(store.get("old", at(61)).await.unwrap().is_none());
        assert!(store
            .by_status(StoryStatus::Rejected, 10, None, at(61))
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
}

mod members_contract {
    //! The member store contract, on the embedded store and on DynamoDB Local.

    use chrono::{DateTime, Duration, Utc};
    use community::domain::consent::{ConsentEvent, ConsentEventKind};
    use community::domain::member::{MemberRecord, MemberStatus};
    use community::store::{DynamoMemberStore, MemberStore, Write};
    use shared::http::lang::Lang;

    use crate::dynamodb_local;

    async fn dynamo_store() -> DynamoMemberStore {
        let client = dynamodb_local::client().await;
        let tables = dynamodb_local::fresh_tables(&client).await;
        DynamoMemberStore::new(client, tables.community)
    }

    macro_rules! contract {
        ($($case:ident),* $(,)?) => {$(
            mod $case {
                #[tokio::test]
                async fn embedded() {
                    super::$case(community::store::MemoryMemberStore::new()).await;
                }

                #[tokio::test]
                async fn dynamodb() {
                    super::$case(super::dynamo_store().await).await;
                }
            }
        )*};
    }

    contract!(
        a_member_round_trips_with_its_consent_history,
        a_live_record_is_never_created_twice,
        a_lapsed_pending_record_is_absent_and_replaceable,
        a_stale_replace_changes_nothing,
    );

    fn at(minute: i64) -> DateTime<Utc> {
        "2026-11-27T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minute)
    }

    fn pending(hash: &str) -> MemberRecord {
        MemberRecord {
            email_hash: hash.to_owned(),
            status: MemberStatus::Pending,
            version: 1,
            email: Some("ana@xn--bcher-kva.example".into()),
            interests: vec!["patient".into()],
            lang: Lang::Es,
            created_at: at(0),
            updated_at: at(0),
            confirmation_sha256: Some("cd".repeat(32)),
            confirmation_expires_at: Some(at(60)),
            mail_day: Some(at(0).date_naive()),
            mails_that_day: 1,
            expires_at: Some(at(60)),
            signed_up_at: Some(at(0)),
        }
    }

    fn event(hash: &str, kind: ConsentEventKind, minute: i64) -> ConsentEvent {
        ConsentEvent::new(
            hash,
            kind,
            Lang::Es,
            Some("/community/join".into()),
            at(minute),
        )
    }

    async fn a_member_round_trips_with_its_consent_history(store: impl MemberStore) {
        let record = pending("h1");
        let signup = ConsentEvent {
            expires_at: Some(at(60)),
            ..event("h1", ConsentEventKind::Signup, 0)
        };
        assert_eq!(
            store.create(&record, Some(&signup), at(0)).await.unwrap(),
            Write::Done
        );
        assert_eq!(store.get("h1", at(1)).await.unwrap(), Some(record.clone()));
        let mut confirmed = record.clone();
        confirmed.status = MemberStatus::Confirmed;
        confirmed.version = 2;
        confirmed.expires_at = None;
        confirmed.signed_up_at = None;
        let confirmation = event("h1", ConsentEventKind::Confirmation, 5);
        assert_eq!(
            store.consent_history("h1").await.unwrap(),
            std::slice::from_ref(&signup),
            "a signup's event lapses until confirmed"
        );
        assert_eq!(
            store
                .replace(&confirmed, 1, Some(&confirmation), Some(&signup.key()))
                .await
                .unwrap(),
            Write::Done
        );
        let signup = ConsentEvent {
            expires_at: None,
            ..signup
        };
        assert_eq!(
            store.get("h1", at(120)).await.unwrap(),
            Some(confirmed),
            "no expiry once confirmed"
        );
        assert_eq!(
            store.consent_history("h1").await.unwrap(),
            vec![signup, confirmation]
        );
        assert!(store.consent_history("h2").await.unwrap().is_empty());
    }

    async fn a_live_record_is_never_created_twice(store: impl MemberStore) {
        store
            .create(
                &pending("h1"),
                Some(&event("h1", ConsentEventKind::Signup, 0)),
                at(0),
            )
            .await
            .unwrap();
        let mut other = pending("h1");
        other.interests = vec!["impostor".into()];
        let second = store
            .create(
                &other,
                Some(&event("h1", ConsentEventKind::Signup, 1)),
                at(1),
            )
            .await
            .unwrap();
        assert_eq!(second, Write::Conflict);
        assert_eq!(
            store.get("h1", at(2)).await.unwrap().unwrap().interests,
            pending("h1").interests
        );
        assert_eq!(
            store.consent_history("h1").await.unwrap().len(),
            1,
            "no partial write"
        );
    }

    async fn a_lapsed_pending_record_is_absent_and_replaceable(store: impl MemberStore) {
        store.create(&pending("h1"), None, at(0)).await.unwrap();
        assert!(store.get("h1", at(61)).await.unwrap().is_none());
        let mut fresh = pending("h1");
        fresh.created_at = at(61);
        fresh.expires_at = Some(at(200));
        assert_eq!(
            store.create(&fresh, None, at(61)).await.unwrap(),
            Write::Done
        );
        assert_eq!(store.get("h1", at(62)).await.unwrap(), Some(fresh));
    }

    async fn a_stale_replace_changes_nothing(store: impl MemberStore) {
        let record = pending("h1");
        store.create(&record, None, at(0)).await.unwrap();
        let mut changed = record.clone();
        changed.version = 3;
        changed.status = MemberStatus::Unsubscribed;
        let withdrawal = event("h1", ConsentEventKind::Withdrawal, 1);
        assert_eq!(
            store
                .replace(&changed, 2, Some(&withdrawal), None)
                .await
                .unwrap(),
            Write::Conflict
        );
        assert_eq!(store.get("h1", at(2)).await.unwrap(), Some(record));
        assert!(store.consent_history("h1").await.unwrap().is_empty());
    }
}
