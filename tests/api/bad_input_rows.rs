//! The rows of the bad-input corpus (`bad_input_corpus.rs` assembles them): the kinds of wrong
//! value a body field can get, malformed bodies, and wrong queries and path segments.

use serde_json::{json, Value};

use crate::bad_input_corpus::{Auth, Body, Case, Edit};

pub const ID: &str = "0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e";

/// Text no free-text field may hold, each with why.
const BAD_TEXT: [(&str, &str); 6] = [
    ("a control character", "Ana\u{0007} R."),
    ("a NUL", "Ana\u{0000} R."),
    ("a zero-width space", "Ana\u{200B} R."),
    ("a right-to-left override", "Ana \u{202E}R."),
    ("a left-to-right isolate", "Ana \u{2066}R."),
    ("a byte-order mark", "\u{FEFF}Ana R."),
];

/// Values of the wrong JSON type for a string field.
fn not_strings() -> Vec<(&'static str, Value)> {
    vec![
        ("a number", json!(7)),
        ("a boolean", json!(true)),
        ("an array", json!(["x"])),
        ("an object", json!({"x": 1})),
        ("null", Value::Null),
    ]
}

/// Values of the wrong JSON type for a boolean field.
fn not_booleans() -> Vec<(&'static str, Value)> {
    vec![
        ("a string", json!("true")),
        ("a number", json!(1)),
        ("an array", json!([true])),
        ("null", Value::Null),
    ]
}

pub fn case(
    name: String,
    method: reqwest::Method,
    path: &str,
    body: Body,
    field: &'static str,
) -> Case {
    Case {
        name,
        method,
        path: path.to_owned(),
        auth: Auth::None,
        body,
        field,
    }
}

/// A form's fields by kind (dotted paths into its body).
pub struct FormFields {
    pub strings: &'static [&'static str],
    pub optional_strings: &'static [&'static str],
    pub booleans: &'static [&'static str],
    pub required: &'static [&'static str],
    pub texts: &'static [&'static str],
}

/// Body-field cases for one form: wrong types, missing required fields, bad text.
pub fn form_field_cases(
    form: &str,
    path: &str,
    make: fn(Edit) -> Body,
    fields: FormFields,
) -> Vec<Case> {
    use reqwest::Method;
    let FormFields {
        strings,
        optional_strings,
        booleans,
        required,
        texts,
    } = fields;
    let mut cases = Vec::new();
    let mut post = |name: String, edit: Edit, field: &'static str| {
        cases.push(case(name, Method::POST, path, make(edit), field));
    };
    for field in strings {
        for (kind, value) in not_strings() {
            post(
                format!("{form}: {field} is {kind}"),
                Edit::Set(field, value),
                field,
            );
        }
    }
    // `null` is how a JSON client says "absent" for an optional field.
    for field in optional_strings {
        for (kind, value) in not_strings().into_iter().filter(|(_, v)| !v.is_null()) {
            post(
                format!("{form}: {field} is {kind}"),
                Edit::Set(field, value),
                field,
            );
        }
    }
    for field in booleans {
        for (kind, value) in not_booleans() {
            post(
                format!("{form}: {field} is {kind}"),
                Edit::Set(field, value),
                field,
            );
        }
    }
    for field in required {
        post(
            format!("{form}: {field} is missing"),
            Edit::Remove(field),
            field,
        );
    }
    for field in texts {
        for (kind, text) in BAD_TEXT {
            let edit = Edit::Set(field, json!(text));
            post(format!("{form}: {field} holds {kind}"), edit, field);
        }
        let long = Edit::Set(field, json!("a".repeat(2_000)));
        post(format!("{form}: {field} is 2,000 characters"), long, field);
    }
    let extra = Edit::Set("is_admin", json!(true));
    post(format!("{form}: an extra field"), extra, "is_admin");
    let forged = Edit::Set("form_token", json!("forged.token"));
    post(format!("{form}: a forged form token"), forged, "form_token");
    cases
}

/// Malformed bodies for every JSON POST route.
pub fn body_cases(path: &'static str, auth: fn() -> Auth) -> Vec<Case> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let huge = format!(r#"{{"x": "{}"}}"#, "a".repeat(200 * 1024));
    let rows: Vec<(&str, Option<&'static str>, Vec<u8>, &'static str)> = vec![
        (
            "invalid UTF-8",
            Some("application/json"),
            b"{\"token\": \"\xff\xfe\"}".to_vec(),
            "body",
        ),
        (
            "not JSON",
            Some("application/json"),
            b"{token:".to_vec(),
            "body",
        ),
        (
            "trailing data",
            Some("application/json"),
            b"{} {}".to_vec(),
            "body",
        ),
        ("an array", Some("application/json"), b"[]".to_vec(), "body"),
        ("empty", Some("application/json"), Vec::new(), "body"),
        (
            "10,000 levels deep",
            Some("application/json"),
            deep.into_bytes(),
            "body",
        ),
        (
            "200 KB",
            Some("application/json"),
            huge.into_bytes(),
            "body",
        ),
        (
            "text/plain",
            Some("text/plain"),
            b"{}".to_vec(),
            "Content-Type",
        ),
        ("no Content-Type", None, b"{}".to_vec(), "Content-Type"),
        (
            "multipart",
            Some("multipart/form-data; boundary=x"),
            b"--x--".to_vec(),
            "Content-Type",
        ),
        (
            "XML",
            Some("application/xml"),
            b"<a/>".to_vec(),
            "Content-Type",
        ),
    ];
    // Unsubscribe also takes its token from the query string (one-click), so a body it cannot
    // read leaves it without a token: the field its problem names.
    let one_click = path.starts_with("/v1/community/unsubscribe");
    rows.into_iter()
        .map(|(kind, content_type, bytes, field)| {
            let field = match field {
                "Content-Type" if one_click => "token",
                _ if one_click && kind == "empty" => "token",
                field => field,
            };
            (kind, content_type, bytes, field)
        })
        .map(|(kind, content_type, bytes, field)| Case {
            name: format!("POST {path}: the body is {kind}"),
            method: reqwest::Method::POST,
            path: path.to_owned(),
            auth: auth(),
            body: Body::Raw(content_type, bytes),
            field,
        })
        .collect()
}

/// (path, field) for GETs whose query or path is wrong.
pub fn get_rows() -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    let listings = [
        "/v1/pages?",
        "/v1/pages/clinical-trials-overview?",
        "/v1/contact?",
        "/v1/glossary/terms/immunotherapy?",
        "/v1/glossary/terms?",
        "/v1/glossary/search?q=cell&",
        "/v1/glossary/suggest?q=cel&",
        "/v1/stories/form?",
        "/v1/stories?",
        "/v1/community/form?",
    ];
    for route in listings {
        for lang in [
            "xx",
            "en&lang=es",
            "%00",
            "EN-us-x-very-long-tag",
            "e%CC%81n",
            "%FF",
        ] {
            rows.push((format!("{route}lang={lang}"), "lang"));
        }
    }
    for route in [
        "/v1/glossary/terms?",
        "/v1/glossary/search?q=cell&",
        "/v1/stories?",
    ] {
        for limit in [
            "0",
            "-1",
            "101",
            "1e3",
            "abc",
            "99999999999999999999",
            "5&limit=6",
            "",
        ] {
            rows.push((format!("{route}limit={limit}"), "limit"));
        }
        for cursor in ["forged", "%00", "Yzp4", &"A".repeat(700)] {
            rows.push((format!("{route}cursor={cursor}"), "cursor"));
        }
    }
    for limit in ["0", "21", "-3", "x", "3&limit=4"] {
        rows.push((format!("/v1/glossary/suggest?q=cel&limit={limit}"), "limit"));
    }
    for letter in ["ab", "%23%23", "1", "%C3%B1", "", "a&letter=b"] {
        rows.push((format!("/v1/glossary/terms?letter={letter}"), "letter"));
    }
    for route in ["/v1/glossary/search", "/v1/glossary/suggest"] {
        rows.push((route.to_owned(), "q"));
        for q in ["", "%00", "%FF", "a&q=b", &"a".repeat(300), "%E2%80%AE"] {
            rows.push((format!("{route}?q={q}"), "q"));
        }
    }
    for mode in ["fuzzy", "", "smart&match=exact"] {
        rows.push((format!("/v1/glossary/search?q=cell&match={mode}"), "match"));
    }
    let segments = [
        "%FF%FE",
        "%00",
        "%2e%2e%2fetc",
        "a%E2%80%8Bb",
        "a%E2%80%AEb",
        "%20",
        &"a".repeat(1000),
    ];
    for route in ["/v1/pages/", "/v1/glossary/terms/"] {
        for segment in segments {
            rows.push((format!("{route}{segment}"), "slug"));
        }
    }
    for segment in segments
        .iter()
        .chain(&["not-a-uuid", "0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e0"])
    {
        rows.push((format!("/v1/stories/{segment}"), "id"));
    }
    rows
}
