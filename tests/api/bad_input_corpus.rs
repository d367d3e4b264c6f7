//! The bad-input corpus: every route, each case the field its problem must name. Run by
//! `bad_input.rs` on both adapters. Cases are rows of the tables below and of
//! `bad_input_rows.rs`; the body-field tables are crossed with the kinds of wrong value a field
//! can get.

use serde_json::{json, Value};

use crate::bad_input_rows::{body_cases, case, form_field_cases, get_rows, FormFields, ID};

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
