//! The retention policy (Bedriftsinnstillinger → Personvern): how long after a recruitment ends a candidate's
//! data is kept, and how long a talent-pool consent lasts. The privacy notice promises "inntil seks måneder
//! etterpå", hence the default of 6.

use crate::validate::{ErrorCode, FieldError, FieldErrors};

pub const RETENTION_DEFAULT: i64 = 6;
pub const RETENTION_MAX: i64 = 120;
pub const TALENT_POOL_DEFAULT: i64 = 12;
/// Ten years; 0 turns the talent-pool question off.
pub const TALENT_POOL_MAX: i64 = 120;

/// The company's retention policy (Bedriftsinnstillinger → Personvern), in whole months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub retention_months: i64,
    pub talent_pool_months: i64,
}

/// Months the Revisjonslogg keeps an event: two years unless the company chooses otherwise, at least one.
pub const AUDIT_DEFAULT: i64 = 24;
pub const AUDIT_MIN: i64 = 1;
pub const AUDIT_MAX: i64 = 120;

/// A whole number of months from 0 to `max`, as typed.
fn months(field: &'static str, value: &str, max: i64) -> Result<i64, FieldError> {
    months_from(field, value, 0, max)
}

fn months_from(field: &'static str, value: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError { field: field.into(), code: ErrorCode::Required });
    }
    match v.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError { field: field.into(), code: ErrorCode::OutOfRange { min, max } }),
    }
}

/// "Revisjonslogg oppbevares (måneder)" as typed: 1–120.
pub fn audit_months(value: &str) -> Result<i64, FieldErrors> {
    months_from("audit_months", value, AUDIT_MIN, AUDIT_MAX).map_err(|e| {
        let mut errors = FieldErrors::new();
        errors.push(e.field, e.code);
        errors
    })
}

impl Policy {
    pub fn parse(retention: &str, talent_pool: &str) -> Result<Policy, FieldErrors> {
        let mut errors = FieldErrors::new();
        let retention_months = errors.check(months("retention_months", retention, RETENTION_MAX));
        let talent_pool_months = errors.check(months("talent_pool_months", talent_pool, TALENT_POOL_MAX));
        match (retention_months, talent_pool_months) {
            (Some(retention_months), Some(talent_pool_months)) => Ok(Policy { retention_months, talent_pool_months }),
            _ => Err(errors),
        }
    }
}

/// Characters of "Begrunnelse" kept for a postponement.
pub const HOLD_REASON_MAX: usize = 500;

/// "Utsett sletting": why, and the Norwegian day (days since 1970-01-01) the candidate becomes due instead; a
/// day after `today`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidHold {
    pub reason: String,
    pub day: i64,
}

impl ValidHold {
    pub fn parse(reason: &str, date: &str, today: i64) -> Result<ValidHold, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = errors.check(crate::validate::single_line("reason", reason, HOLD_REASON_MAX));
        let day = match crate::civil_time::parse_date(date.trim()) {
            None if date.trim().is_empty() => {
                errors.push("new_date", ErrorCode::Required);
                None
            }
            None => {
                errors.push("new_date", ErrorCode::InvalidDate);
                None
            }
            Some(day) if day <= today => {
                errors.push("new_date", ErrorCode::DateInPast);
                None
            }
            Some(day) => Some(day),
        };
        match (reason, day) {
            (Some(reason), Some(day)) => Ok(ValidHold { reason, day }),
            _ => Err(errors),
        }
    }
}

/// The instant `months` calendar months before `utc_ms` (UTC calendar; a day past the end of the shorter month
/// is its last day: 31 August minus 6 months is 28 or 29 February).
pub fn months_before(utc_ms: i64, months: i64) -> i64 {
    use crate::civil_time::{civil_from_days, days_from_civil, DAY_MS};
    let day = utc_ms.div_euclid(DAY_MS);
    let time_of_day = utc_ms - day * DAY_MS;
    let (y, m, d) = civil_from_days(day);
    let index = y * 12 + i64::from(m) - 1 - months;
    let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32);
    let next_first = if month == 12 { days_from_civil(year + 1, 1, 1) } else { days_from_civil(year, month + 1, 1) };
    let last_day = (next_first - days_from_civil(year, month, 1)) as u32;
    days_from_civil(year, month, d.min(last_day)) * DAY_MS + time_of_day
}

/// The inverse step: `months` calendar months after `utc_ms` (same clamping), for "due on" dates.
pub fn months_after(utc_ms: i64, months: i64) -> i64 {
    months_before(utc_ms, -months)
}

/// Days before a talent-pool consent expires that the candidate is asked to renew it ("Forleng samtykke").
pub const RENEWAL_NOTICE_DAYS: i64 = 30;

/// When a candidate becomes due: `retention_months` after their last recruitment ended (`None` while one runs:
/// not known yet), or later if «Utsett sletting» (`hold_until`) or a valid talent-pool consent (`consent_until`)
/// keeps them longer.
pub fn becomes_due(
    last_ended: Option<i64>,
    retention_months: i64,
    hold_until: Option<i64>,
    consent_until: Option<i64>,
) -> Option<i64> {
    let by_policy = months_after(last_ended?, retention_months);
    Some(by_policy.max(hold_until.unwrap_or(i64::MIN)).max(consent_until.unwrap_or(i64::MIN)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil_time::{days_from_civil, DAY_MS};

    fn at(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + 3_600_000
    }

    #[test]
    fn calendar_months_clamp_to_the_shorter_month() {
        assert_eq!(months_before(at(2026, 8, 31), 6), at(2026, 2, 28));
        assert_eq!(months_before(at(2024, 8, 31), 6), at(2024, 2, 29));
        assert_eq!(months_before(at(2026, 1, 15), 1), at(2025, 12, 15));
        assert_eq!(months_before(at(2026, 1, 15), 0), at(2026, 1, 15));
        assert_eq!(months_after(at(2025, 12, 15), 1), at(2026, 1, 15));
        assert_eq!(months_before(at(2026, 3, 10), 120), at(2016, 3, 10));
    }

    #[test]
    fn a_postponement_needs_a_reason_and_a_later_day() {
        let today = days_from_civil(2026, 12, 5);
        let ok = ValidHold::parse(" Klage til Diskrimineringsnemnda ", "2027-03-01", today).unwrap();
        assert_eq!(
            ok,
            ValidHold { reason: "Klage til Diskrimineringsnemnda".into(), day: days_from_civil(2027, 3, 1) }
        );
        let e = ValidHold::parse("", "2026-12-05", today).unwrap_err();
        assert_eq!(e.for_field("reason").unwrap().code, ErrorCode::Required);
        assert_eq!(e.for_field("new_date").unwrap().code, ErrorCode::DateInPast);
        let e = ValidHold::parse("x", "2027-02-30", today).unwrap_err();
        assert_eq!(e.for_field("new_date").unwrap().code, ErrorCode::InvalidDate);
        assert_eq!(ValidHold::parse("x", "", today).unwrap_err().0[0].code, ErrorCode::Required);
    }

    #[test]
    fn the_audit_period_is_one_to_120_months() {
        assert_eq!(audit_months(" 24 "), Ok(24));
        assert_eq!(audit_months("1"), Ok(1));
        assert_eq!(audit_months("120"), Ok(120));
        for bad in ["0", "121", "-3", "2.5"] {
            let e = audit_months(bad).unwrap_err();
            assert_eq!(e.for_field("audit_months").unwrap().code, ErrorCode::OutOfRange { min: 1, max: 120 }, "{bad}");
        }
        assert_eq!(audit_months("").unwrap_err().for_field("audit_months").unwrap().code, ErrorCode::Required);
    }

    #[test]
    fn a_candidate_is_due_at_the_latest_of_policy_postponement_and_consent() {
        let ended = at(2026, 1, 15);
        assert_eq!(becomes_due(None, 6, None, Some(at(2027, 1, 1))), None, "a recruitment still runs");
        assert_eq!(becomes_due(Some(ended), 6, None, None), Some(at(2026, 7, 15)));
        assert_eq!(becomes_due(Some(ended), 6, Some(at(2026, 9, 1)), None), Some(at(2026, 9, 1)));
        assert_eq!(becomes_due(Some(ended), 6, Some(at(2026, 9, 1)), Some(at(2027, 1, 1))), Some(at(2027, 1, 1)));
        assert_eq!(becomes_due(Some(ended), 6, None, Some(at(2026, 2, 1))), Some(at(2026, 7, 15)));
    }

    #[test]
    fn policy_bounds_and_errors_name_the_field() {
        assert_eq!(Policy::parse(" 0 ", "12"), Ok(Policy { retention_months: 0, talent_pool_months: 12 }));
        assert!(Policy::parse("120", "0").is_ok());
        let e = Policy::parse("121", "x").unwrap_err();
        assert_eq!(e.for_field("retention_months").unwrap().code, ErrorCode::OutOfRange { min: 0, max: 120 });
        assert_eq!(e.for_field("talent_pool_months").unwrap().code, ErrorCode::OutOfRange { min: 0, max: 120 });
        for bad in ["-1", "6.5", "seks", "99999999999999999999"] {
            assert!(Policy::parse(bad, "12").is_err(), "{bad}");
        }
        assert_eq!(Policy::parse("", "12").unwrap_err().0[0].code, ErrorCode::Required);
    }
}
