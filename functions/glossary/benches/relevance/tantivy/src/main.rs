//! The tantivy peer of the glossary relevance benchmark: reads `{docs, queries}` as JSON on
//! stdin (docs: id, name, aliases), writes the top ten ids of every query as a JSON array on
//! stdout. Configured as one would for a glossary: names and aliases folded (lowercase, ASCII),
//! every query word a should-clause of its exact term (BM25) and fuzzy term queries (edit
//! distance by word length, as Elasticsearch's `AUTO`: 0 up to 2 letters, 1 up to 5, then 2,
//! a transposition one edit; distance 1 boosted over 2), on the name boosted twice over the
//! aliases.

use std::io::Read;

use serde_json::Value;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value as _, STORED,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

const FOLDED: &str = "folded";
const NAME_BOOST: f32 = 2.0;

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

fn main() -> tantivy::Result<()> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("JSON on stdin");
    let input: Value = serde_json::from_str(&input).expect("valid JSON");

    let mut schema = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLDED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let id = schema.add_u64_field("id", STORED);
    let name = schema.add_text_field("name", text.clone());
    let aliases = schema.add_text_field("aliases", text);
    let index = Index::create_in_ram(schema.build());
    index.tokenizers().register(FOLDED, analyzer());

    let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
    for d in input["docs"].as_array().expect("docs") {
        let mut doc = TantivyDocument::default();
        doc.add_u64(id, d["id"].as_u64().expect("an id"));
        doc.add_text(name, d["name"].as_str().expect("a name"));
        for alias in d["aliases"].as_array().into_iter().flatten() {
            doc.add_text(aliases, alias.as_str().expect("an alias"));
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();

    let mut tokenize = analyzer();
    let mut out = Vec::new();
    for q in input["queries"].as_array().expect("queries") {
        let mut words = Vec::new();
        let mut stream = tokenize.token_stream(q.as_str().expect("a query"));
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &words {
            for (field, boost) in [(name, NAME_BOOST), (aliases, 1.0)] {
                let term = Term::from_field_text(field, word);
                let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(exact), boost)),
                ));
                // One clause per distance, the nearer boosted more: a fuzzy query scores every
                // word it accepts alike, so without it a one-typo match ranks as a two-typo one.
                for d in 1..=distance(word) {
                    let fuzzy = FuzzyTermQuery::new(term.clone(), d, true);
                    let boost = boost / f32::from(d);
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(fuzzy), boost)),
                    ));
                }
            }
        }
        let mut ids = Vec::new();
        if !clauses.is_empty() {
            let query = BooleanQuery::new(clauses);
            for (_, address) in
                searcher.search(&query, &TopDocs::with_limit(10).order_by_score())?
            {
                let doc: TantivyDocument = searcher.doc(address)?;
                ids.extend(doc.get_first(id).and_then(|v| v.as_u64()));
            }
        }
        out.push(ids);
    }
    println!("{}", serde_json::to_string(&out).expect("serializable"));
    Ok(())
}
