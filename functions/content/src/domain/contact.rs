//! The trial line: a phone number staffed Monday to Friday, 08:30–18:00 in New York.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use shared::http::lang::Lang;

/// The line's fixed facts, from the source page ("1.855.216.0127 · 8:30 AM – 6:00 PM ET (M-F) ·
/// Se habla español").
pub struct TrialLine {
    pub phone_e164: &'static str,
    pub phone_display: &'static str,
    pub time_zone: Tz,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub days: [Weekday; 5],
    pub languages: [Lang; 2],
}

pub const TRIAL_LINE: TrialLine = TrialLine {
    phone_e164: "+18552160127",
    phone_display: "1-855-216-0127",
    time_zone: chrono_tz::America::New_York,
    opens: NaiveTime::from_hms_opt(8, 30, 0).expect("valid time"),
    closes: NaiveTime::from_hms_opt(18, 0, 0).expect("valid time"),
    days: [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ],
    languages: [Lang::En, Lang::Es],
};

impl TrialLine {
    /// The hours in words, in `lang`.
    pub fn hours_description(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => "Monday to Friday, 8:30 AM – 6:00 PM Eastern Time",
            Lang::Es => "De lunes a viernes, de 8:30 a. m. a 6:00 p. m., hora del Este",
        }
    }

    /// Seconds until the answer at `now` next changes (opening or closing), for cache lifetimes.
    pub fn seconds_until_change(&self, now: DateTime<Utc>) -> i64 {
        let state = self.state_at(now);
        let change = state.closes_at.unwrap_or(state.next_open_at);
        (change.with_timezone(&Utc) - now).num_seconds().max(0)
    }

    /// Whether the line is open at `now`, until when, and when it next opens.
    pub fn state_at(&self, now: DateTime<Utc>) -> LineState {
        let today = now.with_timezone(&self.time_zone).date_naive();
        // A week ahead always holds the next opening; openings are computed in local time per
        // day, so daylight-saving changes move them with the clock as people expect.
        let windows = (0..=7)
            .map(|offset| today + Duration::days(offset))
            .filter(|date| self.days.contains(&date.weekday()))
            .filter_map(|date| {
                let open = self
                    .time_zone
                    .from_local_datetime(&date.and_time(self.opens))
                    .earliest()?;
                let close = self
                    .time_zone
                    .from_local_datetime(&date.and_time(self.closes))
                    .earliest()?;
                Some((open, close))
            });
        let mut closes_at = None;
        for (open, close) in windows {
            if open <= now && now < close {
                closes_at = Some(close);
            } else if open > now {
                return LineState {
                    closes_at,
                    next_open_at: open,
                };
            }
        }
        unreachable!("every week has a weekday opening")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineState {
    /// When the current opening ends; `None` while the line is closed.
    pub closes_at: Option<DateTime<Tz>>,
    /// The start of the next opening after the instant asked about.
    pub next_open_at: DateTime<Tz>,
}

impl LineState {
    pub fn open_now(&self) -> bool {
        self.closes_at.is_some()
    }
}

/// A language's own name for itself.
pub fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Es => "Español",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(utc: &str) -> DateTime<Utc> {
        utc.parse().unwrap()
    }

    /// (now in UTC, open_now, next_open_at in New York time, closes_at)
    #[test]
    fn open_now_and_next_opening_across_weekends_and_daylight_saving() {
        let cases = [
            // Friday 2026-11-27 10:00 EST: open, closes 18:00 EST, next opening Monday.
            (
                "2026-11-27T15:00:00Z",
                true,
                "2026-11-30T08:30:00-05:00",
                Some("2026-11-27T18:00:00-05:00"),
            ),
            // Friday 18:00 EST exactly: closed (the closing minute is not open).
            (
                "2026-11-27T23:00:00Z",
                false,
                "2026-11-30T08:30:00-05:00",
                None,
            ),
            // Saturday: closed until Monday.
            (
                "2026-11-28T17:00:00Z",
                false,
                "2026-11-30T08:30:00-05:00",
                None,
            ),
            // Monday 08:29 EST: one minute before opening.
            (
                "2026-11-30T13:29:00Z",
                false,
                "2026-11-30T08:30:00-05:00",
                None,
            ),
            // Monday 08:30 EST exactly: open.
            (
                "2026-11-30T13:30:00Z",
                true,
                "2026-12-01T08:30:00-05:00",
                Some("2026-11-30T18:00:00-05:00"),
            ),
            // Sunday 2026-03-08 is the spring-forward day; Monday opens at 08:30 EDT (12:30Z).
            (
                "2026-03-08T15:00:00Z",
                false,
                "2026-03-09T08:30:00-04:00",
                None,
            ),
            // Monday 2026-03-09 12:45Z is 08:45 EDT: open (it would be 07:45 in EST).
            (
                "2026-03-09T12:45:00Z",
                true,
                "2026-03-10T08:30:00-04:00",
                Some("2026-03-09T18:00:00-04:00"),
            ),
            // Friday before the spring change, after hours: next opening in EDT.
            (
                "2026-03-06T23:30:00Z",
                false,
                "2026-03-09T08:30:00-04:00",
                None,
            ),
            // Fall back on Sunday 2026-11-01: Monday opens 08:30 EST = 13:30Z.
            (
                "2026-11-01T12:00:00Z",
                false,
                "2026-11-02T08:30:00-05:00",
                None,
            ),
            // Monday 2026-11-02 13:00Z is 08:00 EST: not yet open (it would be 09:00 in EDT).
            (
                "2026-11-02T13:00:00Z",
                false,
                "2026-11-02T08:30:00-05:00",
                None,
            ),
            // Thursday 23:30 EST is already Friday in UTC: next opening Friday morning.
            (
                "2026-11-27T04:30:00Z",
                false,
                "2026-11-27T08:30:00-05:00",
                None,
            ),
        ];
        for (now, open_now, next_open, closes) in cases {
            let state = TRIAL_LINE.state_at(at(now));
            assert_eq!(state.open_now(), open_now, "open_now at {now}");
            assert_eq!(
                state.next_open_at.fixed_offset().to_rfc3339(),
                next_open,
                "next_open_at at {now}"
            );
            assert_eq!(
                state
                    .closes_at
                    .map(|t| t.fixed_offset().to_rfc3339())
                    .as_deref(),
                closes,
                "closes_at at {now}"
            );
        }
    }

    #[test]
    fn seconds_until_change_counts_to_the_next_transition() {
        // Monday 08:29 EST: the line opens in one minute.
        assert_eq!(
            TRIAL_LINE.seconds_until_change(at("2026-11-30T13:29:00Z")),
            60
        );
        // Friday 17:59:30 EST: it closes in 30 seconds.
        assert_eq!(
            TRIAL_LINE.seconds_until_change(at("2026-11-27T22:59:30Z")),
            30
        );
    }
}
