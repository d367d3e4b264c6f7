//! The trial line as the contact route answers it.

use chrono::{DateTime, FixedOffset, Utc, Weekday};
use serde::Serialize;
use shared::http::lang::Lang;
use utoipa::ToSchema;

use crate::domain::{language_name, TrialLine};

/// The trial line as served, with its state at the time of the request.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContactAnswer {
    pub lang: Lang,
    pub phone: Phone,
    pub hours: Hours,
    /// Languages spoken on the line.
    pub languages: Vec<LanguageOffered>,
    /// Whether the line is staffed at the time of the request.
    pub open_now: bool,
    /// When the current opening ends, while `open_now` is true.
    pub closes_at: Option<DateTime<FixedOffset>>,
    /// The start of the next opening after the time of the request, in the line's time zone.
    pub next_open_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Phone {
    #[schema(example = "+18552160127")]
    pub e164: String,
    #[schema(example = "1-855-216-0127")]
    pub display: String,
    /// A `tel:` link for the frontend.
    #[schema(example = "tel:+18552160127")]
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Hours {
    /// ISO 8601 weekday numbers, Monday = 1.
    pub days: Vec<u32>,
    #[schema(example = "08:30")]
    pub opens: String,
    #[schema(example = "18:00")]
    pub closes: String,
    /// IANA time zone of `opens` and `closes`.
    #[schema(example = "America/New_York")]
    pub time_zone: String,
    /// The hours in words, in the asked language.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LanguageOffered {
    pub code: Lang,
    /// The language's own name for itself.
    pub name: String,
}

impl ContactAnswer {
    /// `line`'s state at `now`, worded in `lang`.
    pub fn new(line: &TrialLine, now: DateTime<Utc>, lang: Lang) -> Self {
        let state = line.state_at(now);
        Self {
            lang,
            phone: Phone {
                e164: line.phone_e164.to_owned(),
                display: line.phone_display.to_owned(),
                href: format!("tel:{}", line.phone_e164),
            },
            hours: Hours {
                days: line.days.iter().map(Weekday::number_from_monday).collect(),
                opens: line.opens.format("%H:%M").to_string(),
                closes: line.closes.format("%H:%M").to_string(),
                time_zone: line.time_zone.name().to_owned(),
                description: line.hours_description(lang).to_owned(),
            },
            languages: line
                .languages
                .iter()
                .map(|&code| LanguageOffered {
                    code,
                    name: language_name(code).to_owned(),
                })
                .collect(),
            open_now: state.open_now(),
            closes_at: state.closes_at.map(|t| t.fixed_offset()),
            next_open_at: state.next_open_at.fixed_offset(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TRIAL_LINE;

    #[test]
    fn wording_follows_the_language() {
        let now = "2026-11-27T15:00:00Z".parse().unwrap();
        let es = ContactAnswer::new(&TRIAL_LINE, now, Lang::Es);
        assert!(es.hours.description.starts_with("De lunes a viernes"));
        assert_eq!(es.phone.href, "tel:+18552160127");
        assert_eq!(es.hours.days, vec![1, 2, 3, 4, 5]);
        assert_eq!(es.languages[1].name, "Español");
        assert!(es.open_now);
    }
}
