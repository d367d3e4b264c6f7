//! The embedded adapter: in-process, the default for local runs.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{MemberReader, MemberWriter, Replacement, StorageError, Write};
use crate::domain::consent::ConsentEvent;
use crate::domain::member::{MemberRecord, MemberStatus};

#[derive(Debug, Default)]
struct Tables {
    members: HashMap<String, MemberRecord>,
    consents: Vec<ConsentEvent>,
}

#[derive(Debug, Default)]
pub struct MemoryMemberStore {
    tables: Mutex<Tables>,
}

impl MemoryMemberStore {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl MemberReader for MemoryMemberStore {
    async fn get(
        &self,
        email_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<MemberRecord>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        Ok(tables
            .members
            .get(email_hash)
            .filter(|record| !record.is_expired(now))
            .cloned())
    }

    async fn consent_history(&self, email_hash: &str) -> Result<Vec<ConsentEvent>, StorageError> {
        let tables = self.tables.lock().expect("lock poisoned");
        Ok(tables
            .consents
            .iter()
            .filter(|event| event.email_hash == email_hash)
            .cloned()
            .collect())
    }
}

#[async_trait]
impl MemberWriter for MemoryMemberStore {
    async fn create(
        &self,
        record: &MemberRecord,
        event: Option<&ConsentEvent>,
        now: DateTime<Utc>,
    ) -> Result<Write, StorageError> {
        let mut tables = self.tables.lock().expect("lock poisoned");
        if tables
            .members
            .get(&record.email_hash)
            .is_some_and(|stored| !stored.is_expired(now))
        {
            return Ok(Write::Conflict);
        }
        tables
            .members
            .insert(record.email_hash.clone(), record.clone());
        tables.consents.extend(event.cloned());
        Ok(Write::Done)
    }

    async fn replace(&self, change: Replacement<'_>) -> Result<Write, StorageError> {
        let record = change.record;
        let mut tables = self.tables.lock().expect("lock poisoned");
        match tables.members.get(&record.email_hash) {
            Some(stored)
                if stored.version == change.expected_version
                    && (record.expires_at.is_none() || stored.status == MemberStatus::Pending) =>
            {
                tables
                    .members
                    .insert(record.email_hash.clone(), record.clone());
                if let Some(key) = change.keep {
                    for kept in tables.consents.iter_mut().filter(|e| e.key() == *key) {
                        kept.expires_at = None;
                    }
                }
                tables.consents.extend(change.event.cloned());
                Ok(Write::Done)
            }
            _ => Ok(Write::Conflict),
        }
    }
}
