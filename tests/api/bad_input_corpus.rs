//! The bad-input corpus: every route, each case the field its problem must name. Run by
//! `bad_input.rs` on both adapters. Cases are rows of the tables below; the body-field tables
//! are crossed with the kinds of wrong value a field can get.

use serde_json::{json, Value};

/// The request body of a case.
pub enum Body {
    None,
    /// Raw bytes sent as `content_type` (`None`: no `Content-Type` header).
    Raw(Option<&'static str>, Vec<u8>),
    /// A valid story (fresh form token) with one edit.
    Story(Edit),
    /// A valid signup (fresh form token) with one edit.
    Signup(Edit),
    /// A valid moderation decision with one edit.
    Decision(Edit),
    /// A JSON value as it is.
    Json(Value),
}

/// One change to a valid body, at a dotted path.
pub enum Edit {
    Set(&'static str, Value),
    Remove(&'static str),
}

pub enum Auth {
    None,
    Moderator,
    Bearer(String),
}

pub struct Case {
    pub name: String,
    pub method: reqwest::Method,
    pub path: String,
    pub auth: Auth,
    pub body: Body,
    /// The field the problem's `errors[]` must name.
    pub field: &'static str,
}

const ID: &str = "0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e";

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

fn case(
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
struct FormFields {
    strings: &'static [&'static str],
    optional_strings: &'static [&'static str],
    booleans: &'static [&'static str],
    required: &'static [&'static str],
    texts: &'static [&'static str],
}

/// Body-field cases for one form: wrong types, missing required fields, bad text.
fn form_field_cases(
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
    for field in strings {
        for (kind, value) in not_strings() {
            let name = format!("{form}: {field} is {kind}");
            cases.push(case(
                name,
                Method::POST,
                path,
                make(Edit::Set(field, value)),
                field,
            ));
        }
    }
    // `null` is how a JSON client says "absent" for an optional field.
    for field in optional_strings {
        for (kind, value) in not_strings()
            .into_iter()
            .filter(|(_, value)| !value.is_null())
        {
            let name = format!("{form}: {field} is {kind}");
            cases.push(case(
                name,
                Method::POST,
                path,
                make(Edit::Set(field, value)),
                field,
            ));
        }
    }
    for field in booleans {
        for (kind, value) in not_booleans() {
            let name = format!("{form}: {field} is {kind}");
            cases.push(case(
                name,
                Method::POST,
                path,
                make(Edit::Set(field, value)),
                field,
            ));
        }
    }
    for field in required {
        let name = format!("{form}: {field} is missing");
        cases.push(case(
            name,
            Method::POST,
            path,
            make(Edit::Remove(field)),
            field,
        ));
    }
    for field in texts {
        for (kind, text) in BAD_TEXT {
            let name = format!("{form}: {field} holds {kind}");
            cases.push(case(
                name,
                Method::POST,
                path,
                make(Edit::Set(field, json!(text))),
                field,
            ));
        }
        let name = format!("{form}: {field} is 2,000 characters");
        let long = make(Edit::Set(field, json!("a".repeat(2_000))));
        cases.push(case(name, Method::POST, path, long, field));
    }
    let name = format!("{form}: an extra field");
    cases.push(case(
        name,
        Method::POST,
        path,
        make(Edit::Set("is_admin", json!(true))),
        "is_admin",
    ));
    let name = format!("{form}: a forged form token");
    cases.push(case(
        name,
        Method::POST,
        path,
        make(Edit::Set("form_token", json!("forged.token"))),
        "form_token",
    ));
    cases
}

/// Malformed bodies for every JSON POST route.
fn body_cases(path: &'static str, auth: fn() -> Auth) -> Vec<Case> {
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
fn get_rows() -> Vec<(String, &'static str)> {
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

/// The whole corpus.
pub fn corpus() -> Vec<Case> {
    use reqwest::Method;
    let mut cases: Vec<Case> = get_rows()
        .into_iter()
        .map(|(path, field)| case(format!("GET {path}"), Method::GET, &path, Body::None, field))
        .collect();

    cases.extend(form_field_cases(
        "story",
        "/v1/stories",
        Body::Story,
        FormFields {
            strings: &[
                "title",
                "body",
                "role",
                "cancer_type",
                "treatment",
                "lang",
                "consent_version",
            ],
            optional_strings: &["display_name", "age_range", "contact_email"],
            booleans: &[
                "consents.publish_health_information",
                "consents.patient_permission",
                "consents.contact",
            ],
            required: &[
                "title",
                "body",
                "role",
                "cancer_type",
                "treatment",
                "lang",
                "consents",
                "consent_version",
                "form_token",
            ],
            texts: &["title", "display_name"],
        },
    ));
    cases.extend(form_field_cases(
        "signup",
        "/v1/community/signups",
        Body::Signup,
        FormFields {
            strings: &["email", "lang", "consent_version"],
            optional_strings: &["first_name", "source_page"],
            booleans: &["consent"],
            required: &["email", "lang", "consent", "consent_version", "form_token"],
            texts: &["first_name"],
        },
    ));
    for (kind, email) in [
        ("without @", "ana.example.org"),
        ("two @", "ana@@example.org"),
        ("a space", "ana r@example.org"),
        ("no domain", "ana@"),
        ("a control character", "ana\u{0007}@example.org"),
        ("a zero-width space", "ana\u{200B}@example.org"),
        (
            "300 characters",
            &format!("{}@example.org", "a".repeat(300)),
        ),
    ] {
        let body = Body::Signup(Edit::Set("email", json!(email)));
        cases.push(case(
            format!("signup: an email {kind}"),
            Method::POST,
            "/v1/community/signups",
            body,
            "email",
        ));
    }
    for (kind, value) in [
        ("an unknown interest", json!(["astronaut"])),
        ("not a list", json!("patient")),
    ] {
        let body = Body::Signup(Edit::Set("interests", value));
        cases.push(case(
            format!("signup: interests {kind}"),
            Method::POST,
            "/v1/community/signups",
            body,
            "interests",
        ));
    }
    for (field, value) in [
        ("role", "astronaut"),
        ("cancer_type", "x"),
        ("treatment", "magic"),
        ("age_range", "5_9"),
    ] {
        let body = Body::Story(Edit::Set(field, json!(value)));
        cases.push(case(
            format!("story: {field} not in its list"),
            Method::POST,
            "/v1/stories",
            body,
            field,
        ));
    }

    for path in [
        "/v1/community/confirmations",
        "/v1/community/erasure",
        "/v1/community/unsubscribe",
    ] {
        for (kind, value) in [
            ("forged", json!({"token": "A".repeat(86)})),
            ("empty", json!({"token": ""})),
            ("a number", json!({"token": 86})),
            ("missing", json!({})),
            ("2,000 characters", json!({"token": "A".repeat(2000)})),
            (
                "holding a control character",
                json!({"token": format!("{}\u{0007}", "A".repeat(85))}),
            ),
        ] {
            cases.push(case(
                format!("POST {path}: a token {kind}"),
                Method::POST,
                path,
                Body::Json(value),
                "token",
            ));
        }
        cases.extend(body_cases(path, || Auth::None));
    }
    for query in ["token=forged", "token=", "token=a&token=b"] {
        let path = format!("/v1/community/unsubscribe?{query}");
        let body = Body::Raw(
            Some("application/x-www-form-urlencoded"),
            b"List-Unsubscribe=One-Click".to_vec(),
        );
        cases.push(case(
            format!("POST {path}: one-click"),
            Method::POST,
            &path,
            body,
            "token",
        ));
    }
    cases.extend(body_cases("/v1/stories", || Auth::None));
    cases.extend(body_cases("/v1/community/signups", || Auth::None));

    let decisions = format!("/v1/moderation/stories/{ID}/decisions");
    for (kind, edit, field) in [
        (
            "an unknown action",
            Edit::Set("action", json!("publish")),
            "action",
        ),
        ("no action", Edit::Remove("action"), "action"),
        (
            "a version as text",
            Edit::Set("version", json!("1")),
            "version",
        ),
        (
            "a negative version",
            Edit::Set("version", json!(-1)),
            "version",
        ),
        (
            "a fractional version",
            Edit::Set("version", json!(1.5)),
            "version",
        ),
        ("no reason", Edit::Remove("reason"), "reason"),
        (
            "an extra field",
            Edit::Set("status", json!("approved")),
            "status",
        ),
    ] {
        let mut decided = case(
            format!("decision: {kind}"),
            Method::POST,
            &decisions,
            Body::Decision(edit),
            field,
        );
        decided.auth = Auth::Moderator;
        cases.push(decided);
    }
    let mut moderated = body_cases(
        "/v1/moderation/stories/0192f1a8-7c1e-7cc0-9a53-3c4f1f0b1a2e/decisions",
        || Auth::Moderator,
    );
    cases.append(&mut moderated);
    for query in [
        "status=published",
        "status=",
        "limit=0",
        "limit=x",
        "cursor=forged",
        "status=held&status=pending",
    ] {
        let field = query.split('=').next().unwrap();
        let field = ["status", "limit", "cursor"]
            .into_iter()
            .find(|f| *f == field)
            .unwrap();
        let mut queue = case(
            format!("queue: {query}"),
            Method::GET,
            &format!("/v1/moderation/stories?{query}"),
            Body::None,
            field,
        );
        queue.auth = Auth::Moderator;
        cases.push(queue);
    }
    for segment in ["not-a-uuid", "%FF", "%00", "a%E2%80%AEb"] {
        let mut view = case(
            format!("moderation view of {segment}"),
            Method::GET,
            &format!("/v1/moderation/stories/{segment}"),
            Body::None,
            "id",
        );
        view.auth = Auth::Moderator;
        cases.push(view);
    }
    let forged_tokens = [
        "forged",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "a.b.c",
        "",
    ];
    for token in forged_tokens {
        for path in [
            "/v1/moderation/stories?status=pending".to_owned(),
            format!("/v1/moderation/stories/{ID}"),
        ] {
            let mut forged = case(
                format!("GET {path} with the bearer token {token:?}"),
                Method::GET,
                &path,
                Body::None,
                "Authorization",
            );
            forged.auth = Auth::Bearer(token.to_owned());
            cases.push(forged);
        }
        let mut withdrawal = case(
            format!("withdrawal with the token {token:?}"),
            Method::DELETE,
            &format!("/v1/stories/{ID}"),
            Body::None,
            "Authorization",
        );
        withdrawal.auth = Auth::Bearer(token.to_owned());
        cases.push(withdrawal);
    }
    cases
}
