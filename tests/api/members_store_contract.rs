//! The member store contract, on the embedded store and on DynamoDB Local.

use chrono::{DateTime, Duration, Utc};
use community::domain::consent::EventKey;
use community::domain::consent::{ConsentEvent, ConsentEventKind};
use community::domain::member::{MemberRecord, MemberStatus};
use community::store::{DynamoMemberStore, MemberStore, Replacement, Write};
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
    a_suppression_entry_never_lapses,
);

fn replacement<'a>(
    record: &'a MemberRecord,
    expected_version: u32,
    event: Option<&'a ConsentEvent>,
    keep: Option<&'a EventKey>,
) -> Replacement<'a> {
    Replacement {
        record,
        expected_version,
        event,
        keep,
    }
}

fn at(minute: i64) -> DateTime<Utc> {
    "2026-11-27T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minute)
}

fn pending(hash: &str) -> MemberRecord {
    MemberRecord {
        email_hash: hash.to_owned(),
        status: MemberStatus::Pending,
        version: 1,
        // A pending signup holds no address: it travels in the confirmation link.
        email: None,
        interests: Vec::new(),
        lang: Lang::Es,
        created_at: at(0),
        updated_at: at(0),
        mail_day: Some(at(0).date_naive()),
        mails_that_day: 1,
        expires_at: Some(at(60)),
        left_at: None,
        reconfirmation_at: None,
    }
}

fn event(hash: &str, kind: ConsentEventKind, minute: i64) -> ConsentEvent {
    ConsentEvent::new(hash, kind, Lang::Es, at(minute))
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
    confirmed.email = Some("ana@xn--bcher-kva.example".into());
    confirmed.interests = vec!["patient".into()];
    let confirmation = event("h1", ConsentEventKind::Confirmation, 5);
    assert_eq!(
        store.consent_history("h1").await.unwrap(),
        std::slice::from_ref(&signup),
        "a signup's event lapses until confirmed"
    );
    assert_eq!(
        store
            .replace(replacement(
                &confirmed,
                1,
                Some(&confirmation),
                Some(&signup.key())
            ))
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
            .replace(replacement(&changed, 2, Some(&withdrawal), None))
            .await
            .unwrap(),
        Write::Conflict
    );
    assert_eq!(store.get("h1", at(2)).await.unwrap(), Some(record));
    assert!(store.consent_history("h1").await.unwrap().is_empty());
}

/// An erased address's record is its suppression entry: a later signup may add to it (with a
/// signup event that lapses), but a write that would give the record itself a lapse is refused,
/// so no pending signup's TTL can ever delete it.
async fn a_suppression_entry_never_lapses(store: impl MemberStore) {
    let mut erased = pending("h1");
    erased.status = MemberStatus::Erased;
    erased.expires_at = None;
    erased.mail_day = None;
    erased.mails_that_day = 0;
    erased.left_at = Some(at(0));
    let erasure = event("h1", ConsentEventKind::Erasure, 0);
    assert_eq!(
        store.create(&erased, Some(&erasure), at(0)).await.unwrap(),
        Write::Done
    );
    let mut lapsing = pending("h1");
    lapsing.version = 2;
    let signup = ConsentEvent {
        expires_at: Some(at(70)),
        ..event("h1", ConsentEventKind::Signup, 10)
    };
    assert_eq!(
        store
            .replace(replacement(&lapsing, 1, Some(&signup), None))
            .await
            .unwrap(),
        Write::Conflict,
        "a suppression entry is never turned into a lapsing record"
    );
    assert_eq!(
        store.create(&lapsing, Some(&signup), at(10)).await.unwrap(),
        Write::Conflict
    );
    let mut reconfirmed = erased.clone();
    reconfirmed.version = 2;
    reconfirmed.reconfirmation_at = Some(at(10));
    assert_eq!(
        store
            .replace(replacement(&reconfirmed, 1, Some(&signup), None))
            .await
            .unwrap(),
        Write::Done
    );
    let much_later = at(60 * 24 * 365);
    assert_eq!(
        store.get("h1", much_later).await.unwrap(),
        Some(reconfirmed),
        "still there long after the signup's lapse"
    );
    assert_eq!(
        store.consent_history("h1").await.unwrap(),
        vec![erasure, signup]
    );
}
