//! The documented allow-lists a story is tagged with, with labels in each language.

use serde::Serialize;
use shared::http::lang::Lang;

/// One allowed value and its labels.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub code: &'static str,
    pub en: &'static str,
    pub es: &'static str,
}

impl Choice {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Es => self.es,
        }
    }
}

const fn c(code: &'static str, en: &'static str, es: &'static str) -> Choice {
    Choice { code, en, es }
}

pub const ROLES: &[Choice] = &[
    c("patient", "Patient", "Paciente"),
    c("caregiver", "Caregiver", "Cuidador o cuidadora"),
    c("family_member", "Family member", "Familiar"),
    c("clinician", "Clinician", "Profesional clínico"),
    c("other", "Other", "Otro"),
];

pub const CANCER_TYPES: &[Choice] = &[
    c("bladder", "Bladder cancer", "Cáncer de vejiga"),
    c("brain", "Brain cancer", "Cáncer de cerebro"),
    c("breast", "Breast cancer", "Cáncer de mama"),
    c("cervical", "Cervical cancer", "Cáncer de cuello uterino"),
    c("colorectal", "Colorectal cancer", "Cáncer colorrectal"),
    c("esophageal", "Esophageal cancer", "Cáncer de esófago"),
    c(
        "head_and_neck",
        "Head and neck cancer",
        "Cáncer de cabeza y cuello",
    ),
    c("kidney", "Kidney cancer", "Cáncer de riñón"),
    c("leukemia", "Leukemia", "Leucemia"),
    c("liver", "Liver cancer", "Cáncer de hígado"),
    c("lung", "Lung cancer", "Cáncer de pulmón"),
    c("lymphoma", "Lymphoma", "Linfoma"),
    c("melanoma", "Melanoma", "Melanoma"),
    c(
        "merkel_cell",
        "Merkel cell carcinoma",
        "Carcinoma de células de Merkel",
    ),
    c("multiple_myeloma", "Multiple myeloma", "Mieloma múltiple"),
    c("ovarian", "Ovarian cancer", "Cáncer de ovario"),
    c("pancreatic", "Pancreatic cancer", "Cáncer de páncreas"),
    c("prostate", "Prostate cancer", "Cáncer de próstata"),
    c("sarcoma", "Sarcoma", "Sarcoma"),
    c("stomach", "Stomach cancer", "Cáncer de estómago"),
    c("other", "Other cancer", "Otro tipo de cáncer"),
];

pub const TREATMENTS: &[Choice] = &[
    c(
        "checkpoint_inhibitor",
        "Checkpoint inhibitor",
        "Inhibidor de puntos de control",
    ),
    c(
        "car_t_cell_therapy",
        "CAR T-cell therapy",
        "Terapia de células T con CAR",
    ),
    c(
        "other_cell_therapy",
        "Other cell therapy",
        "Otra terapia celular",
    ),
    c(
        "cancer_vaccine",
        "Cancer vaccine",
        "Vacuna contra el cáncer",
    ),
    c(
        "oncolytic_virus",
        "Oncolytic virus therapy",
        "Terapia con virus oncolíticos",
    ),
    c(
        "targeted_antibody",
        "Targeted antibody",
        "Anticuerpo dirigido",
    ),
    c("cytokine", "Cytokine therapy", "Terapia con citocinas"),
    c(
        "combination",
        "Combination of treatments",
        "Combinación de tratamientos",
    ),
    c("other", "Other", "Otro"),
];

pub const AGE_RANGES: &[Choice] = &[
    c("under_18", "Under 18", "Menos de 18"),
    c("18_29", "18–29", "18–29"),
    c("30_39", "30–39", "30–39"),
    c("40_49", "40–49", "40–49"),
    c("50_59", "50–59", "50–59"),
    c("60_69", "60–69", "60–69"),
    c("70_79", "70–79", "70–79"),
    c("80_plus", "80 or older", "80 o más"),
];

pub fn is_allowed(list: &[Choice], code: &str) -> bool {
    list.iter().any(|choice| choice.code == code)
}

pub fn codes(list: &[Choice]) -> Vec<&'static str> {
    list.iter().map(|choice| choice.code).collect()
}

/// An allowed value as a form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledOption {
    pub code: &'static str,
    pub label: &'static str,
}

pub fn options(list: &[Choice], lang: Lang) -> Vec<LabelledOption> {
    list.iter()
        .map(|choice| LabelledOption {
            code: choice.code,
            label: choice.label(lang),
        })
        .collect()
}
