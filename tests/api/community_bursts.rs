//! Joining under contention and floods: bursts of identical signups settle on one record and
//! few emails, a signup that cannot be stored is never answered as accepted, and the function
//! never sends more than its daily budget of emails.

use std::time::Duration;

use chrono::{DateTime, Utc};
use community::domain::consent::ConsentEvent;
use community::domain::member::{MemberRecord, MemberStatus};
use community::store::{
    MemberPorts, MemberReader, MemberWriter, MemoryMemberStore, StorageError, Write,
};

use crate::community_helpers::{
    signup_body, spawn_community_app, spawn_community_app_with, CommunityApp,
};
use crate::helpers::expect_problem;

#[tokio::test]
async fn a_repeat_within_a_minute_sends_no_second_email() {
    let community = spawn_community_app().await;
    // Form tokens are single use: each signup comes from a freshly loaded form.
    let tokens = community.form_tokens(3).await;
    for token in &tokens[..2] {
        let body = signup_body("double@example.org", token);
        let response = community.post("/v1/community/signups", &body).await;
        assert_eq!(response.status(), 202);
    }
    assert_eq!(
        community.mails_to("double@example.org").len(),
        1,
        "a double click"
    );
    community.clock.advance(Duration::from_secs(60));
    let body = signup_body("double@example.org", &tokens[2]);
    let response = community.post("/v1/community/signups", &body).await;
    assert_eq!(response.status(), 202);
    assert_eq!(
        community.mails_to("double@example.org").len(),
        2,
        "a minute later"
    );
}

#[tokio::test]
async fn concurrent_identical_signups_leave_one_record_and_a_bounded_number_of_emails() {
    let community = spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.common.form.rate_limit.limit = 1000;
    })
    .await;
    concurrent_signups(&community).await;
}

#[tokio::test]
async fn concurrent_identical_signups_on_dynamodb_leave_one_record() {
    let client = crate::dynamodb_local::client().await;
    let tables = crate::dynamodb_local::fresh_tables(&client).await;
    let stores = immunoguide::Stores::dynamo(client.clone(), &tables);
    let community = spawn_community_app_with(stores, |options| {
        options.community.common.form.rate_limit.limit = 1000;
        // A burst of 200 on a shared machine's DynamoDB Local is slow; this test is about
        // correctness under contention, not latency.
        options.http.request_timeout = std::time::Duration::from_secs(120);
    })
    .await;
    concurrent_signups(&community).await;
    let items = client
        .scan()
        .table_name(&tables.community)
        .send()
        .await
        .unwrap();
    let members = items
        .items()
        .iter()
        .filter(|item| item["sk"].as_s().unwrap() == "MEMBER")
        .count();
    assert_eq!(members, 1);
}

async fn concurrent_signups(community: &CommunityApp) {
    // Form tokens are single use: 200 forms loaded, then submitted at once.
    let bodies: Vec<_> = community
        .form_tokens(200)
        .await
        .iter()
        .map(|token| signup_body("crowd@example.org", token))
        .collect();
    let requests = bodies
        .iter()
        .map(|body| community.post("/v1/community/signups", body));
    let responses = futures::future::join_all(requests).await;
    let mut bodies = std::collections::HashSet::new();
    for response in responses {
        assert_eq!(response.status(), 202);
        bodies.insert(response.bytes().await.unwrap());
    }
    assert_eq!(bodies.len(), 1, "identical answers");
    assert_eq!(
        community.member_status("crowd@example.org").await,
        MemberStatus::Pending
    );
    let mails = community.mails_to("crowd@example.org").len();
    assert!((1..=3).contains(&mails), "{mails} emails");
}

/// A member store whose writes always lose the race, as a record under constant contention.
struct AlwaysContended(MemoryMemberStore);

#[async_trait::async_trait]
impl MemberReader for AlwaysContended {
    async fn get(
        &self,
        email_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<MemberRecord>, StorageError> {
        self.0.get(email_hash, now).await
    }

    async fn consent_history(&self, email_hash: &str) -> Result<Vec<ConsentEvent>, StorageError> {
        self.0.consent_history(email_hash).await
    }
}

#[async_trait::async_trait]
impl MemberWriter for AlwaysContended {
    async fn create(
        &self,
        _: &MemberRecord,
        _: Option<&ConsentEvent>,
        _: DateTime<Utc>,
    ) -> Result<Write, StorageError> {
        Ok(Write::Conflict)
    }

    async fn replace(&self, _: community::store::Replacement<'_>) -> Result<Write, StorageError> {
        Ok(Write::Conflict)
    }
}

#[tokio::test]
async fn a_signup_that_loses_every_race_is_503_with_retry_after_never_a_silent_202() {
    let mut stores = immunoguide::Stores::empty();
    stores.members = MemberPorts::of(AlwaysContended(MemoryMemberStore::new()));
    let community = spawn_community_app_with(stores, |_| {}).await;
    let body = signup_body("contended@example.org", &community.form_token().await);
    let response = community.post("/v1/community/signups", &body).await;
    assert_eq!(response.headers()["retry-after"], "2");
    expect_problem(response, 503).await;
    assert!(community.member("contended@example.org").await.is_none());
    assert!(community.mails_to("contended@example.org").is_empty());
}

#[tokio::test]
async fn joining_again_right_after_leaving_sends_a_confirmation() {
    let community = spawn_community_app().await;
    community.sign_up("back@example.org").await;
    assert_eq!(
        community.confirm_latest("back@example.org").await.status(),
        200
    );
    let token = community.manage_token("back@example.org");
    // The form is loaded first (its token must age), then the member leaves and joins again at
    // once: the quiet time is for repeats of a pending signup only.
    let form_token = community.form_token().await;
    let left = community
        .post(
            "/v1/community/unsubscribe",
            &serde_json::json!({ "token": token }),
        )
        .await;
    assert_eq!(left.status(), 200);
    let mails_before = community.mails_to("back@example.org").len();
    let body = signup_body("back@example.org", &form_token);
    assert_eq!(community.signup_status(&body).await, 202);
    assert_eq!(
        community.mails_to("back@example.org").len(),
        mails_before + 1
    );
    assert_eq!(
        community.member_status("back@example.org").await,
        MemberStatus::Unsubscribed,
        "still suppressed until the owner confirms"
    );
    assert_eq!(
        community.confirm_latest("back@example.org").await.status(),
        200
    );
    assert_eq!(
        community.member_status("back@example.org").await,
        MemberStatus::Confirmed,
        "confirming re-subscribes"
    );
}

#[tokio::test]
async fn past_the_daily_budget_signups_are_stored_but_not_mailed_and_counted() {
    let community = spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.mail_per_day = 2;
    })
    .await;
    for address in ["one@example.org", "two@example.org", "three@example.org"] {
        assert_eq!(community.sign_up(address).await.status(), 202);
    }
    assert_eq!(community.mails_to("one@example.org").len(), 1);
    assert_eq!(community.mails_to("two@example.org").len(), 1);
    assert!(
        community.mails_to("three@example.org").is_empty(),
        "over budget"
    );
    assert_eq!(
        community.member_status("three@example.org").await,
        MemberStatus::Pending,
        "stored all the same"
    );
    assert_eq!(community.metric_count("CommunityMailBudgetSpent"), 1);
    assert_eq!(
        community
            .mails_after_a_day_and_a_signup("three@example.org")
            .await,
        1,
        "a new day"
    );
}

/// Issue 12's mail-bomb: one mailbox under many spellings. The daily cap counts the canonical
/// mailbox, and each email goes to the address as given.
#[tokio::test]
async fn the_daily_cap_counts_one_mailbox_however_it_is_spelled() {
    let community = spawn_community_app_with(immunoguide::Stores::empty(), |options| {
        options.community.common.form.rate_limit.limit = 1000;
    })
    .await;
    // (address given, mailed?) in order: three emails a day reach one mailbox.
    let table: &[(&str, &str, bool)] = &[
        ("victim", "victim+1@example.org", true),
        ("victim", "victim+2@example.org", true),
        ("victim", "Victim+3@Example.ORG", true),
        ("victim", "victim+4@example.org", false),
        ("victim", "victim@example.org", false),
        ("other", "victim.2@example.org", true),
        ("gmail", "a.n.a@gmail.com", true),
        ("gmail", "ana+x@googlemail.com", true),
        ("gmail", "A.NA@gmail.com", true),
        ("gmail", "an.a+y@gmail.com", false),
    ];
    let tokens = community.form_tokens(table.len()).await;
    let mut bodies = std::collections::HashSet::new();
    for ((_, email, mailed), token) in table.iter().zip(&tokens) {
        let response = community
            .post("/v1/community/signups", &signup_body(email, token))
            .await;
        assert_eq!(response.status(), 202, "{email}");
        bodies.insert(response.bytes().await.unwrap());
        let mails = community.mails_to(email);
        assert_eq!(mails.len(), usize::from(*mailed), "{email}");
        for mail in mails {
            let given = shared::forms::email::EmailAddress::parse(email).unwrap();
            assert_eq!(mail.to, given.as_str(), "sent to the address as given");
        }
    }
    assert_eq!(bodies.len(), 1, "the caller learns nothing from the cap");
    // The next day the mailbox may be mailed again.
    community.clock.advance(Duration::from_secs(24 * 3600));
    let token = community.form_token().await;
    let response = community
        .post(
            "/v1/community/signups",
            &signup_body("victim+5@example.org", &token),
        )
        .await;
    assert_eq!(response.status(), 202);
    assert_eq!(community.mails_to("victim+5@example.org").len(), 1);
}
