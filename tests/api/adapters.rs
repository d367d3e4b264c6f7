//! The same stores on either adapter, for tests run on both: `embedded` (process memory) and
//! `dynamodb` (fresh tables in DynamoDB Local), seeded with the repository's pages and a slice
//! of the glossary small enough to write in a moment.

use std::sync::Arc;

use content::store::DynamoPageStore;
use glossary::domain::Term;
use glossary::store::{DynamoTermStore, MemoryTermStore, TermWriter};
use immunoguide::tables::TableNames;
use immunoguide::Stores;

use crate::dynamodb_local;
use crate::helpers::{bundled_terms, seeded_stores};

/// The glossary slice: `immunotherapy`, `t-cell` and the first fifty terms naming a cell.
pub fn some_terms() -> Vec<Term> {
    let named = |term: &&Term| ["immunotherapy", "t-cell"].contains(&term.en.slug.as_str());
    let mut terms: Vec<Term> = bundled_terms().iter().filter(named).cloned().collect();
    terms.extend(
        bundled_terms()
            .iter()
            .filter(|term| !named(term) && term.en.name.contains("cell"))
            .take(50)
            .cloned(),
    );
    terms
}

/// Seeded stores on `adapter`; on DynamoDB also the client, for reading the tables back.
pub async fn seeded_on(adapter: &str) -> Stores {
    match adapter {
        "embedded" => Stores {
            glossary: glossary::Adapters::on(Arc::new(MemoryTermStore::with_terms(some_terms()))),
            ..seeded_stores().await
        },
        "dynamodb" => {
            let client = dynamodb_local::client().await;
            seeded_dynamo(client).await.0
        }
        other => panic!("no adapter {other}"),
    }
}

/// Fresh seeded tables through `client` (which may be one with the functions' timeouts), and
/// their names, for reading them back.
pub async fn seeded_dynamo(client: aws_sdk_dynamodb::Client) -> (Stores, TableNames) {
    let tables = dynamodb_local::fresh_tables(&client).await;
    let pages = DynamoPageStore::new(client.clone(), &tables.content);
    immunoguide::seed::seed_pages(&pages, &immunoguide::default_content_dir())
        .await
        .expect("the pages are seeded");
    let terms = DynamoTermStore::new(client.clone(), &tables.glossary);
    terms
        .sync_terms(&some_terms())
        .await
        .expect("terms are seeded");
    (Stores::dynamo(client, &tables), tables)
}
