//! What a submitter consents to, in words shown on the form, versioned so that a stored
//! consent says exactly which text was agreed to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::http::lang::Lang;

/// The version of the consent texts below; change it whenever any text changes.
pub const CONSENT_VERSION: &str = "2026-11-27";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// To publish the health information in the story.
    PublishHealthInformation,
    /// That the submitter is the patient or has the patient's permission.
    PatientPermission,
    /// To be contacted about the story.
    Contact,
}

impl ConsentPurpose {
    pub const ALL: [ConsentPurpose; 3] = [
        Self::PublishHealthInformation,
        Self::PatientPermission,
        Self::Contact,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::PublishHealthInformation => "publish_health_information",
            Self::PatientPermission => "patient_permission",
            Self::Contact => "contact",
        }
    }

    pub fn required(self) -> bool {
        !matches!(self, Self::Contact)
    }

    pub fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::PublishHealthInformation, Lang::En) => {
                "I agree that immunoguide may publish my story, including the health information in it, \
                 on its website after review by a moderator. I can withdraw it at any time with my withdrawal code."
            }
            (Self::PublishHealthInformation, Lang::Es) => {
                "Acepto que immunoguide publique mi historia, incluida la información de salud que contiene, \
                 en su sitio web después de que la revise un moderador. Puedo retirarla en cualquier momento \
                 con mi código de retiro."
            }
            (Self::PatientPermission, Lang::En) => {
                "I am the patient this story is about, or I have the patient's permission to share it."
            }
            (Self::PatientPermission, Lang::Es) => {
                "Soy el paciente de quien trata esta historia, o tengo el permiso del paciente para compartirla."
            }
            (Self::Contact, Lang::En) => {
                "immunoguide may contact me at the email address I give about my story. It will never be published."
            }
            (Self::Contact, Lang::Es) => {
                "immunoguide puede comunicarse conmigo sobre mi historia en el correo electrónico que indique. \
                 Nunca se publicará."
            }
        }
    }

    /// A digest of the exact text shown, kept with the consent.
    pub fn text_sha256(self, lang: Lang) -> String {
        hex::encode(Sha256::digest(self.text(lang).as_bytes()))
    }
}

/// Who consented to what, when, under which text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub text_version: String,
    pub text_lang: Lang,
    pub text_sha256: String,
    pub recorded_at: DateTime<Utc>,
}

/// A consent as the form presents it.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentText {
    pub purpose: ConsentPurpose,
    pub required: bool,
    pub version: &'static str,
    pub text: &'static str,
}

pub fn texts(lang: Lang) -> Vec<ConsentText> {
    ConsentPurpose::ALL
        .iter()
        .map(|purpose| ConsentText {
            purpose: *purpose,
            required: purpose.required(),
            version: CONSENT_VERSION,
            text: purpose.text(lang),
        })
        .collect()
}
