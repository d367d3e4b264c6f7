//! Fault injection: DynamoDB Local (a private one, on disk) is stopped in the middle of a
//! bounded mixed load (reads, keyed story submissions, keyed signups) and started again.
//! Every answer is 2xx, 4xx or 503 (with `Retry-After`), never another 5xx; every accepted
//! submission is stored whole and every refused one is absent; retried keyed requests get the
//! first answer; and every route works again after the restart, without anyone intervening.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use immunoguide::local_auth::LocalJwtKey;
use serde_json::Value;

use crate::adapters::seeded_dynamo;
use crate::community_helpers::{signup_body, spawn_community_app_with, CommunityApp};
use crate::private_dynamodb::PrivateDynamo;
use crate::stories_helpers::valid_story;

const WORKERS: usize = 4;

#[derive(Default)]
struct Observed {
    /// Every answer: (what, status, has Retry-After).
    answers: Vec<(String, u16, bool)>,
    /// Keyed story submissions: key → (status, body).
    stories: BTreeMap<String, (u16, String)>,
    /// Keyed signups: (key, email) → status.
    signups: BTreeMap<(String, String), u16>,
}

async fn story(community: &CommunityApp, key: &str) -> (u16, String) {
    let app = &community.app;
    let token = app
        .form_token("/v1/stories/form?lang=en", &community.clock)
        .await;
    let mut body = valid_story(&token);
    // One text per key: a stored story is matched to its submission by its title.
    body["title"] = Value::from(format!("Story {key}"));
    let request = app
        .client
        .post(app.url("/v1/stories"))
        .header("idempotency-key", key)
        .json(&body);
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn signup(community: &CommunityApp, key: &str, email: &str) -> u16 {
    let app = &community.app;
    let body = signup_body(email, &community.form_token().await);
    let request = app
        .client
        .post(app.url("/v1/community/signups"))
        .header("idempotency-key", key)
        .json(&body);
    request.send().await.unwrap().status().as_u16()
}

async fn worker(
    community: Arc<CommunityApp>,
    observed: Arc<Mutex<Observed>>,
    done: Arc<AtomicBool>,
    n: usize,
) {
    let mut round = 0;
    while !done.load(Ordering::SeqCst) && round < 200 {
        round += 1;
        for path in [
            "/v1/pages/clinical-trials-overview?lang=en",
            "/v1/glossary/terms/t-cell?lang=en",
            "/v1/stories?lang=en",
        ] {
            let response = community.app.get(path).await;
            let retry_after = response.headers().contains_key("retry-after");
            observed.lock().unwrap().answers.push((
                path.to_owned(),
                response.status().as_u16(),
                retry_after,
            ));
        }
        let key = format!("fault-{n}-{round}");
        let (status, body) = story(&community, &key).await;
        let email = format!("fault{n}x{round}@example.org");
        let joined = signup(&community, &key, &email).await;
        let mut observed = observed.lock().unwrap();
        observed
            .answers
            .push(("POST /v1/stories".to_owned(), status, true));
        observed
            .answers
            .push(("POST /v1/community/signups".to_owned(), joined, true));
        observed.stories.insert(key.clone(), (status, body));
        observed.signups.insert((key, email), joined);
    }
}

/// The ids and titles of the stories stored in `table`, read from the table itself.
async fn stored_stories(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
) -> BTreeMap<String, String> {
    let pages = client
        .scan()
        .table_name(table)
        .into_paginator()
        .items()
        .send();
    let items: Vec<_> = pages.collect::<Result<Vec<_>, _>>().await.unwrap();
    items
        .into_iter()
        .filter(|item| {
            item.get("sk")
                .and_then(|v| v.as_s().ok())
                .map(String::as_str)
                == Some("STORY")
        })
        .map(|item| {
            let id = item["pk"]
                .as_s()
                .unwrap()
                .trim_start_matches("STORY#")
                .to_owned();
            let title = item
                .get("revisions")
                .map(|revisions| format!("{revisions:?}"))
                .unwrap_or_default();
            (id, title)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamodb_stopped_mid_load_and_started_again_loses_nothing_and_recovers() {
    let mut dynamo = PrivateDynamo::start();
    let client = shared::aws::dynamo::with_function_timeouts(
        shared::aws::dynamo::client(Some(&dynamo.endpoint())).await,
    );
    // Seeded with the SDK's default timeouts (bulk writes); served as in Lambda.
    let seeding = shared::aws::dynamo::client(Some(&dynamo.endpoint())).await;
    let (_, tables) = seeded_dynamo(seeding).await;
    let stores = immunoguide::Stores::dynamo(client.clone(), &tables);
    let moderator = LocalJwtKey::new(b"faults-moderator-key");
    let key = moderator.clone();
    let community = Arc::new(
        spawn_community_app_with(stores, move |options| {
            options.moderator_key = key;
            // Every request comes from one loopback client: the per-client limits would
            // answer 429 to the load (and to the checks after it) instead of the store.
            for guard in [
                &mut options.stories.common.form,
                &mut options.community.common.form,
            ] {
                guard.rate_limit.limit = 1_000;
            }
        })
        .await,
    );

    let observed = Arc::new(Mutex::new(Observed::default()));
    let done = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..WORKERS)
        .map(|n| tokio::spawn(worker(community.clone(), observed.clone(), done.clone(), n)))
        .collect();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    tokio::task::block_in_place(|| dynamo.stop());
    tokio::time::sleep(Duration::from_secs(2)).await;
    tokio::task::block_in_place(|| dynamo.restart());
    // Recovery is automatic: the same app, the same clients, no restart of anything else.
    let restarted = Instant::now();
    while community.app.get("/v1/stories?lang=en").await.status() != 200 {
        assert!(
            restarted.elapsed() < Duration::from_secs(30),
            "recovered within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recovered = restarted.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    done.store(true, Ordering::SeqCst);
    for worker in workers {
        worker.await.unwrap();
    }
    let observed = std::mem::take(&mut *observed.lock().unwrap());

    for (what, status, retry_after) in &observed.answers {
        let allowed = (200..500).contains(status) || *status == 503;
        assert!(allowed, "{what} answered {status}");
        assert!(
            *status != 503 || *retry_after,
            "{what}: a 503 without Retry-After"
        );
    }
    let count = |status: u16| {
        observed
            .answers
            .iter()
            .filter(|(_, s, _)| *s == status)
            .count()
    };
    // The figures of docs/hardening.md (`cargo test --test api faults -- --nocapture`).
    println!(
        "faults: {} answers: {} 2xx, {} 4xx, {} 503; {} keyed stories ({} accepted), {} signups ({} accepted); recovered {:.1} s after the restart",
        observed.answers.len(),
        observed.answers.iter().filter(|(_, s, _)| (200..300).contains(s)).count(),
        observed.answers.iter().filter(|(_, s, _)| (400..500).contains(s)).count(),
        count(503),
        observed.stories.len(),
        observed.stories.values().filter(|(s, _)| *s == 202).count(),
        observed.signups.len(),
        observed.signups.values().filter(|s| **s == 202).count(),
        recovered.as_secs_f64(),
    );
    assert!(
        count(503) > 0,
        "the outage was seen ({} answers)",
        observed.answers.len()
    );
    assert!(count(202) > 0, "submissions were accepted");

    // Each accepted story is stored whole (with its audit entry), each refused one is absent,
    // and a retry of each keyed submission (with a fresh form token) gets the first answer.
    let stored = stored_stories(&client, &tables.stories).await;
    let mut accepted_ids = BTreeSet::new();
    for (key, (status, body)) in &observed.stories {
        let title = format!("Story {key}");
        let present = stored
            .values()
            .any(|revisions| revisions.contains(&format!("\"{title}\"")));
        match status {
            202 => {
                let answer: Value = serde_json::from_str(body).unwrap();
                let id = answer["id"].as_str().unwrap().to_owned();
                assert!(
                    stored.contains_key(&id) && present,
                    "{key}: accepted and stored"
                );
                let path = format!("/v1/moderation/stories/{id}");
                let token = moderator.mint(
                    "mod-1",
                    &["moderators".to_owned()],
                    chrono::Duration::hours(1),
                );
                let view = community.app.get_json_as(&path, &token).await;
                let submitted = valid_story("");
                assert_eq!(
                    view["revisions"][0]["title"],
                    title.as_str(),
                    "{key}: whole: {view}"
                );
                assert_eq!(
                    view["revisions"][0]["body"], submitted["body"],
                    "{key}: whole"
                );
                assert!(
                    !view["consents"].as_array().unwrap().is_empty(),
                    "{key}: with its consents"
                );
                assert!(
                    !view["audit"].as_array().unwrap().is_empty(),
                    "{key}: with its audit trail: {view}"
                );
                let (again, replayed) = story(&community, key).await;
                assert_eq!(
                    (again, &replayed),
                    (202, body),
                    "{key}: the retry gets the first answer"
                );
                accepted_ids.insert(id);
            }
            _ => assert!(!present, "{key}: refused with {status} but stored"),
        }
    }
    assert_eq!(
        stored.len(),
        accepted_ids.len(),
        "nothing stored but the accepted stories"
    );

    for ((key, email), status) in &observed.signups {
        let member = community.member(email).await;
        match status {
            202 => {
                assert!(member.is_some(), "{email}: accepted and stored");
                assert_eq!(
                    signup(&community, key, email).await,
                    202,
                    "{email}: the retry"
                );
                // The email goes after the record is stored; if the store went down in between
                // (the mail counters live there too), it was not sent, and the person's next
                // signup, a new request past the quiet minute, sends it.
                if community.mails_to(email).is_empty() {
                    community.clock.advance(std::time::Duration::from_secs(120));
                    let again = format!("{key}-again");
                    assert_eq!(signup(&community, &again, email).await, 202);
                }
                assert!(!community.mails_to(email).is_empty(), "{email}: mailed");
            }
            _ => assert!(
                member.is_none(),
                "{email}: refused with {status} but stored"
            ),
        }
    }

    // Every route works again.
    for path in [
        "/v1/pages/clinical-trials-overview?lang=en",
        "/v1/glossary/terms/t-cell?lang=en",
        "/v1/glossary/search?q=cell",
        "/v1/stories?lang=en",
        "/v1/stories/form",
        "/v1/community/form",
    ] {
        assert_eq!(
            community.app.get(path).await.status(),
            200,
            "{path} after the restart"
        );
    }
    assert_eq!(story(&community, "after-the-restart").await.0, 202);
    assert_eq!(
        signup(&community, "after-the-restart", "after@example.org").await,
        202
    );
}
