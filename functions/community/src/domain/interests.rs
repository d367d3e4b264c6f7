//! The documented interests a member may choose, with labels in each language.

use serde::Serialize;
use shared::http::lang::Lang;

pub const INTERESTS: &[(&str, &str, &str)] = &[
    ("patient", "I am a patient", "Soy paciente"),
    ("caregiver", "I care for someone", "Cuido a alguien"),
    ("advocate", "Patient advocacy", "Defensa de los pacientes"),
    ("researcher", "Research", "Investigación"),
    (
        "clinician",
        "I work in health care",
        "Trabajo en atención médica",
    ),
    ("supporter", "I support the cause", "Apoyo la causa"),
];

pub fn is_allowed(code: &str) -> bool {
    INTERESTS.iter().any(|(allowed, _, _)| *allowed == code)
}

pub fn codes() -> Vec<&'static str> {
    INTERESTS.iter().map(|(code, _, _)| *code).collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Interest {
    pub code: &'static str,
    pub label: &'static str,
}

pub fn labelled(lang: Lang) -> Vec<Interest> {
    INTERESTS
        .iter()
        .map(|(code, en, es)| Interest {
            code,
            label: match lang {
                Lang::En => en,
                Lang::Es => es,
            },
        })
        .collect()
}
