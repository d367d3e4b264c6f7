//! DynamoDB tables as `infra/template.yaml` defines them: the one source of truth for key
//! schemas, read here to create the same tables in DynamoDB Local.

use anyhow::{bail, Context};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};
use serde::Deserialize;

/// The SAM template, embedded so that the binary can create tables without the repository.
pub const TEMPLATE: &str = include_str!("../infra/template.yaml");

/// The physical table name of each logical table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableNames {
    pub content: String,
    pub glossary: String,
    pub stories: String,
    pub community: String,
    pub rate_limits: String,
    pub idempotency: String,
}

impl TableNames {
    /// Names from the environment (as in Lambda), else `<prefix>content` and so on.
    pub fn from_env_or_prefix(prefix: &str) -> Self {
        let named = |variable: &str, suffix: &str| {
            std::env::var(variable).unwrap_or_else(|_| format!("{prefix}{suffix}"))
        };
        Self {
            content: named("CONTENT_TABLE", "content"),
            glossary: named("GLOSSARY_TABLE", "glossary"),
            stories: named("STORIES_TABLE", "stories"),
            community: named("COMMUNITY_TABLE", "community"),
            rate_limits: named("RATE_LIMIT_TABLE", "rate-limits"),
            idempotency: named("IDEMPOTENCY_TABLE", "idempotency"),
        }
    }

    pub fn with_prefix(prefix: &str) -> Self {
        Self {
            content: format!("{prefix}content"),
            glossary: format!("{prefix}glossary"),
            stories: format!("{prefix}stories"),
            community: format!("{prefix}community"),
            rate_limits: format!("{prefix}rate-limits"),
            idempotency: format!("{prefix}idempotency"),
        }
    }

    /// Pairs of (template logical id, physical name).
    pub fn by_logical_id(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("ContentTable", self.content.as_str()),
            ("GlossaryTable", self.glossary.as_str()),
            ("StoriesTable", self.stories.as_str()),
            ("CommunityTable", self.community.as_str()),
            ("RateLimitTable", self.rate_limits.as_str()),
            ("IdempotencyTable", self.idempotency.as_str()),
        ]
    }
}

/// A table's keys and indexes as the template declares them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableSchema {
    pub attribute_definitions: Vec<Attribute>,
    pub key_schema: Vec<Key>,
    #[serde(default)]
    pub global_secondary_indexes: Vec<Index>,
    #[serde(default)]
    pub time_to_live_specification: Option<TimeToLive>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLive {
    pub attribute_name: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Index {
    pub index_name: String,
    pub key_schema: Vec<Key>,
    pub projection: IndexProjection,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexProjection {
    pub projection_type: String,
    #[serde(default)]
    pub non_key_attributes: Vec<String>,
}

/// The schema of the table resource `logical_id` in `template`.
pub fn schema_of(template: &str, logical_id: &str) -> anyhow::Result<TableSchema> {
    let document: serde_norway::Value =
        serde_norway::from_str(template).context("infra/template.yaml is not YAML")?;
    let resource = document
        .get("Resources")
        .and_then(|resources| resources.get(logical_id))
        .with_context(|| format!("the template has no resource {logical_id}"))?;
    if resource.get("Type").and_then(|t| t.as_str()) != Some("AWS::DynamoDB::Table") {
        bail!("{logical_id} is not an AWS::DynamoDB::Table");
    }
    let properties = resource
        .get("Properties")
        .cloned()
        .context("table without Properties")?;
    serde_norway::from_value(properties)
        .with_context(|| format!("{logical_id}: keys must be literal lists"))
}

/// Whether created tables get the template's TTL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ttl {
    /// As deployed.
    AsTemplate,
    /// For tests: DynamoDB Local's TTL sweeper goes by the wall clock, while tests fix their
    /// clock on chosen dates, so it would delete their items at random moments. Reads ignore
    /// expired items by the injected clock either way.
    Off,
}

/// Creates every table that does not exist yet, on-demand, with the template's keys.
/// Returns the names it created.
pub async fn create_missing(
    client: &aws_sdk_dynamodb::Client,
    names: &TableNames,
    ttl_choice: Ttl,
) -> anyhow::Result<Vec<String>> {
    let existing = client
        .list_tables()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .context("listing tables")?;
    let mut created = Vec::new();
    for (logical_id, name) in names.by_logical_id() {
        if existing.iter().any(|table| table == name) {
            continue;
        }
        let schema = schema_of(TEMPLATE, logical_id)?;
        client
            .create_table()
            .table_name(name)
            .billing_mode(BillingMode::PayPerRequest)
            .set_attribute_definitions(Some(
                schema
                    .attribute_definitions
                    .iter()
                    .map(attribute)
                    .collect::<Result<_, _>>()?,
            ))
            .set_key_schema(Some(keys(&schema.key_schema)?))
            .set_global_secondary_indexes(if schema.global_secondary_indexes.is_empty() {
                None
            } else {
                Some(
                    schema
                        .global_secondary_indexes
                        .iter()
                        .map(index)
                        .collect::<Result<_, _>>()?,
                )
            })
            .send()
            .await
            .with_context(|| format!("creating table {name}"))?;
        let template_ttl = schema.time_to_live_specification;
        if let Some(ttl) = template_ttl.filter(|ttl| ttl.enabled && ttl_choice == Ttl::AsTemplate) {
            client
                .update_time_to_live()
                .table_name(name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .attribute_name(ttl.attribute_name)
                        .enabled(true)
                        .build()?,
                )
                .send()
                .await
                .with_context(|| format!("enabling TTL on {name}"))?;
        }
        created.push(name.to_owned());
    }
    Ok(created)
}

fn attribute(attribute: &Attribute) -> anyhow::Result<AttributeDefinition> {
    Ok(AttributeDefinition::builder()
        .attribute_name(&attribute.attribute_name)
        .attribute_type(ScalarAttributeType::from(attribute.attribute_type.as_str()))
        .build()?)
}

fn keys(keys: &[Key]) -> anyhow::Result<Vec<KeySchemaElement>> {
    keys.iter()
        .map(|key| {
            Ok(KeySchemaElement::builder()
                .attribute_name(&key.attribute_name)
                .key_type(KeyType::from(key.key_type.as_str()))
                .build()?)
        })
        .collect()
}

fn index(index: &Index) -> anyhow::Result<GlobalSecondaryIndex> {
    let projection = Projection::builder()
        .projection_type(ProjectionType::from(
            index.projection.projection_type.as_str(),
        ))
        .set_non_key_attributes(if index.projection.non_key_attributes.is_empty() {
            None
        } else {
            Some(index.projection.non_key_attributes.clone())
        })
        .build();
    Ok(GlobalSecondaryIndex::builder()
        .index_name(&index.index_name)
        .set_key_schema(Some(keys(&index.key_schema)?))
        .projection(projection)
        .build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_table_has_the_common_item_layout() {
        let schema = schema_of(TEMPLATE, "ContentTable").unwrap();
        let keys: Vec<_> = schema
            .key_schema
            .iter()
            .map(|key| (key.attribute_name.as_str(), key.key_type.as_str()))
            .collect();
        assert_eq!(keys, [("pk", "HASH"), ("sk", "RANGE")]);
    }

    #[test]
    fn the_glossary_table_has_the_common_item_layout_and_an_id_index() {
        let schema = schema_of(TEMPLATE, "GlossaryTable").unwrap();
        let keys = |keys: &[Key]| -> Vec<(String, String)> {
            keys.iter()
                .map(|key| (key.attribute_name.clone(), key.key_type.clone()))
                .collect()
        };
        assert_eq!(
            keys(&schema.key_schema),
            [("pk".into(), "HASH".into()), ("sk".into(), "RANGE".into())]
        );
        let by_id = &schema.global_secondary_indexes[0];
        assert_eq!(by_id.index_name, glossary::store::BY_ID_INDEX);
        assert_eq!(
            keys(&by_id.key_schema),
            [
                ("gsi1pk".into(), "HASH".into()),
                ("gsi1sk".into(), "RANGE".into())
            ]
        );
        assert_eq!(by_id.projection.projection_type, "ALL");
        assert!(
            schema
                .attribute_definitions
                .iter()
                .all(|a| a.attribute_type == "S"),
            "every key is a string"
        );
    }

    #[test]
    fn every_named_table_is_in_the_template() {
        for (logical_id, _) in TableNames::with_prefix("t-").by_logical_id() {
            schema_of(TEMPLATE, logical_id).unwrap();
        }
        assert!(schema_of(TEMPLATE, "HttpApi").is_err());
    }
}
