//! What «Planlegg intervju» and «Endre intervju» read: date, time (Europe/Oslo), length, place or link,
//! interviewers, and (when scheduling) the email template.

use domain::civil_time::{parse_date, utc_of_local, DAY_MS};
use domain::employee::Member;
use domain::validate::ErrorCode;
use domain::{EmployeeStatus, FieldErrors, UserId};

pub const PLACE_MAX: usize = 500;
/// Longer than a working day is not an interview but a typing error.
pub const MINUTES_MAX: i64 = 480;

#[derive(Clone, Debug, Default)]
pub struct InterviewInput {
    /// `YYYY-MM-DD`
    pub date: String,
    /// `HH:MM`, Norwegian time.
    pub time: String,
    pub minutes: String,
    pub place: String,
    /// User ids.
    pub interviewers: Vec<String>,
    /// An email template id; only read when scheduling.
    pub template: String,
}

/// A checked interview: when (UTC ms), where, who.
#[derive(Clone, Debug)]
pub struct Checked {
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub interviewers: Vec<UserId>,
}

/// `HH:MM` as minutes after midnight.
fn minute_of_day(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

impl InterviewInput {
    /// Every field checked against `team` (the posting's hiring team) and `now`; all problems at once.
    pub fn check(&self, team: &[Member], now: i64) -> Result<Checked, FieldErrors> {
        let mut e = FieldErrors::new();
        let day = parse_date(self.date.trim());
        if self.date.trim().is_empty() {
            e.push("date", ErrorCode::Required);
        } else if day.is_none() {
            e.push("date", ErrorCode::InvalidDate);
        }
        let minute = minute_of_day(&self.time);
        if self.time.trim().is_empty() {
            e.push("time", ErrorCode::Required);
        } else if minute.is_none() {
            e.push("time", ErrorCode::InvalidTime);
        }
        let starts_at = match (day, minute) {
            (Some(d), Some(m)) => match utc_of_local(d * DAY_MS + m * 60_000) {
                // The hour skipped when summer time starts.
                None => {
                    e.push("time", ErrorCode::InvalidTime);
                    None
                }
                Some(at) if at <= now => {
                    e.push("date", ErrorCode::TimeInPast);
                    None
                }
                at => at,
            },
            _ => None,
        };
        let minutes = match self.minutes.trim() {
            "" => {
                e.push("minutes", ErrorCode::Required);
                None
            }
            m => match m.parse::<i64>() {
                Ok(n) if (1..=MINUTES_MAX).contains(&n) => Some(n),
                _ => {
                    e.push("minutes", ErrorCode::OutOfRange { min: 1, max: MINUTES_MAX });
                    None
                }
            },
        };
        let place = e.check(domain::validate::text("place", &self.place, PLACE_MAX, true)).unwrap_or_default();
        let interviewers = self.interviewers(team, &mut e);
        match (starts_at, minutes) {
            (Some(starts_at), Some(minutes)) if e.is_empty() => {
                Ok(Checked { starts_at, ends_at: starts_at + minutes * 60_000, place, interviewers })
            }
            _ => Err(e),
        }
    }

    /// At least one; each an active member of the hiring team (a deactivated one, or anyone else, refused).
    fn interviewers(&self, team: &[Member], e: &mut FieldErrors) -> Vec<UserId> {
        let mut chosen: Vec<UserId> = Vec::new();
        for id in self.interviewers.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match team.iter().find(|m| m.user_id.as_str() == id) {
                Some(m) if m.status == EmployeeStatus::Active => {
                    if !chosen.contains(&m.user_id) {
                        chosen.push(m.user_id.clone());
                    }
                }
                _ => {
                    e.push("interviewers", ErrorCode::NotOnHiringTeam);
                    return Vec::new();
                }
            }
        }
        if chosen.is_empty() {
            e.push("interviewers", ErrorCode::Required);
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::civil_time::days_from_civil;
    use domain::Language;

    fn member(status: EmployeeStatus) -> Member {
        Member {
            user_id: UserId::generate(),
            first_name: "Kari".into(),
            last_name: "Nordmann".into(),
            email: "kari@example.no".into(),
            language: Language::Nb,
            status,
        }
    }

    fn input(date: &str, time: &str, minutes: &str, who: &[&Member]) -> InterviewInput {
        InterviewInput {
            date: date.into(),
            time: time.into(),
            minutes: minutes.into(),
            place: "Storgata 1".into(),
            interviewers: who.iter().map(|m| m.user_id.to_string()).collect(),
            template: String::new(),
        }
    }

    fn codes(r: Result<Checked, FieldErrors>) -> Vec<(domain::FieldName, ErrorCode)> {
        r.err().map(|e| e.0.into_iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn a_good_interview_is_read_in_oslo_time() {
        let kari = member(EmployeeStatus::Active);
        let now = days_from_civil(2027, 1, 1) * DAY_MS;
        let ok = input("2027-01-12", "10:00", "45", &[&kari]).check(std::slice::from_ref(&kari), now).unwrap();
        assert_eq!(ok.starts_at, days_from_civil(2027, 1, 12) * DAY_MS + 9 * 3_600_000);
        assert_eq!(ok.ends_at - ok.starts_at, 45 * 60_000);
        assert_eq!(ok.interviewers, vec![kari.user_id.clone()]);
    }

    #[test]
    fn bad_input_names_its_field() {
        let kari = member(EmployeeStatus::Active);
        let gone = member(EmployeeStatus::Deactivated);
        let stranger = member(EmployeeStatus::Active);
        let team = [kari.clone(), gone.clone()];
        let now = days_from_civil(2027, 1, 1) * DAY_MS;
        assert_eq!(
            codes(input("2026-12-31", "10:00", "30", &[&kari]).check(&team, now)),
            [("date".into(), ErrorCode::TimeInPast)]
        );
        assert_eq!(
            codes(input("2027-01-12", "25:00", "0", &[&kari]).check(&team, now)),
            [
                ("time".into(), ErrorCode::InvalidTime),
                ("minutes".into(), ErrorCode::OutOfRange { min: 1, max: MINUTES_MAX })
            ]
        );
        assert_eq!(
            codes(input("2027-03-28", "02:30", "30", &[&kari]).check(&team, now)),
            [("time".into(), ErrorCode::InvalidTime)]
        );
        for who in [&gone, &stranger] {
            assert_eq!(
                codes(input("2027-01-12", "10:00", "30", &[who]).check(&team, now)),
                [("interviewers".into(), ErrorCode::NotOnHiringTeam)]
            );
        }
        assert_eq!(
            codes(input("2027-01-12", "10:00", "100000", &[]).check(&team, now)),
            [
                ("minutes".into(), ErrorCode::OutOfRange { min: 1, max: MINUTES_MAX }),
                ("interviewers".into(), ErrorCode::Required)
            ]
        );
    }
}
