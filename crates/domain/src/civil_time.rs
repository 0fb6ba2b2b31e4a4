//! Norwegian civil time, in which every date and time ansett shows or reads is meant: times are stored in UTC
//! (milliseconds since 1970), people live in Europe/Oslo. Norway keeps the EU's rule: UTC+1, and UTC+2 from the
//! last Sunday of March to the last Sunday of October, switching at 01:00 UTC. The rule is written here rather
//! than read from a time-zone database: it is one zone, and its rule has not changed since 1996.

pub const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's days-from-civil).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) `days` after 1970-01-01 (civil-from-days).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A date typed as `YYYY-MM-DD` (a real date, years 2000 to 9999) as days since 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    if !crate::posting::is_date(s) {
        return None;
    }
    Some(days_from_civil(s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?, s.get(8..10)?.parse().ok()?))
}

/// The last Sunday of `month` in `year`, 01:00 UTC, in milliseconds: when summer time starts (March) or ends
/// (October).
fn switch_at(year: i64, month: u32) -> i64 {
    let last = days_from_civil(year, month, 31);
    // 1970-01-01 was a Thursday: (days + 4) mod 7 is the weekday with Sunday = 0.
    let sunday = last - (last + 4).rem_euclid(7);
    sunday * DAY_MS + HOUR_MS
}

/// How far Norwegian time is ahead of UTC at the instant `utc_ms`.
pub fn offset_ms(utc_ms: i64) -> i64 {
    let (year, _, _) = civil_from_days(utc_ms.div_euclid(DAY_MS));
    if (switch_at(year, 3)..switch_at(year, 10)).contains(&utc_ms) {
        2 * HOUR_MS
    } else {
        HOUR_MS
    }
}

/// The Norwegian wall-clock reading of `utc_ms`, as milliseconds since 1970-01-01 00:00 on that clock: its
/// date and time of day are what a person in Norway reads.
pub fn local_ms(utc_ms: i64) -> i64 {
    utc_ms + offset_ms(utc_ms)
}

/// The Norwegian date of `utc_ms` as days since 1970-01-01.
pub fn local_day(utc_ms: i64) -> i64 {
    local_ms(utc_ms).div_euclid(DAY_MS)
}

/// The instant (UTC milliseconds) the Norwegian day `day` (days since 1970-01-01) begins. Midnight is never in
/// a switch (they are at 02:00 and 03:00 local time), so it has one offset: that of an hour before it in UTC.
pub fn day_start_ms(day: i64) -> i64 {
    let midnight = day * DAY_MS;
    midnight - offset_ms(midnight - 2 * HOUR_MS)
}

/// The last second of the Norwegian day `date` (`YYYY-MM-DD`) in RFC 3339 with that moment's real offset:
/// `+02:00` in summer, `+01:00` in winter (a deadline's "valid through").
pub fn end_of_day_rfc3339(date: &str) -> Option<String> {
    let day = parse_date(date)?;
    let last_second = day_start_ms(day + 1) - 1000;
    let hours = offset_ms(last_second) / HOUR_MS;
    Some(format!("{date}T23:59:59+{hours:02}:00"))
}

/// The instant a Norwegian wall-clock time `local` (milliseconds since 1970-01-01 00:00 on that clock) names:
/// None in the hour skipped when summer time starts; the first of the two in the hour repeated when it ends.
pub fn utc_of_local(local: i64) -> Option<i64> {
    [2 * HOUR_MS, HOUR_MS].into_iter().map(|offset| local - offset).find(|utc| local_ms(*utc) == local)
}

/// The Norwegian date of `utc_ms` as `YYYY-MM-DD`.
pub fn ymd(utc_ms: i64) -> String {
    let (y, m, d) = civil_from_days(local_day(utc_ms));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `utc_ms` as an RFC 3339 UTC time with milliseconds, e.g. `2026-12-05T21:32:47.123Z` (webhook payloads).
pub fn rfc3339_utc(utc_ms: i64) -> String {
    let (y, m, d) = civil_from_days(utc_ms.div_euclid(DAY_MS));
    let in_day = utc_ms.rem_euclid(DAY_MS);
    let (h, mi, s, ms) = (in_day / HOUR_MS, in_day / 60_000 % 60, in_day / 1000 % 60, in_day % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_in_utc() {
        assert_eq!(rfc3339_utc(utc(2026, 12, 5, 21, 32) + 47_123), "2026-12-05T21:32:47.123Z");
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
    }

    /// UTC milliseconds of a UTC date and time.
    fn utc(y: i64, mo: u32, d: u32, h: i64, mi: i64) -> i64 {
        days_from_civil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * 60_000
    }

    #[test]
    fn the_end_of_a_day_carries_that_days_offset() {
        assert_eq!(end_of_day_rfc3339("2027-06-30").as_deref(), Some("2027-06-30T23:59:59+02:00"));
        assert_eq!(end_of_day_rfc3339("2027-12-31").as_deref(), Some("2027-12-31T23:59:59+01:00"));
        // The switch days themselves: summer time from 28 March 2027, winter time from 31 October 2027.
        assert_eq!(end_of_day_rfc3339("2027-03-28").as_deref(), Some("2027-03-28T23:59:59+02:00"));
        assert_eq!(end_of_day_rfc3339("2027-03-27").as_deref(), Some("2027-03-27T23:59:59+01:00"));
        assert_eq!(end_of_day_rfc3339("2027-10-31").as_deref(), Some("2027-10-31T23:59:59+01:00"));
        assert_eq!(end_of_day_rfc3339("2027-10-30").as_deref(), Some("2027-10-30T23:59:59+02:00"));
        assert_eq!(end_of_day_rfc3339("2027-02-30"), None);
    }

    #[test]
    fn wall_clock_times_name_one_instant_except_in_the_skipped_hour() {
        let local = |y, mo, d, h: i64, mi: i64| days_from_civil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * 60_000;
        assert_eq!(utc_of_local(local(2027, 1, 12, 10, 0)), Some(utc(2027, 1, 12, 9, 0)));
        assert_eq!(utc_of_local(local(2027, 7, 1, 10, 0)), Some(utc(2027, 7, 1, 8, 0)));
        // 28 March 2027: 02:00–03:00 does not exist; 31 October 2027: 02:30 happens twice, the first is taken.
        assert_eq!(utc_of_local(local(2027, 3, 28, 2, 30)), None);
        assert_eq!(utc_of_local(local(2027, 3, 28, 3, 0)), Some(utc(2027, 3, 28, 1, 0)));
        assert_eq!(utc_of_local(local(2027, 10, 31, 2, 30)), Some(utc(2027, 10, 31, 0, 30)));
    }

    #[test]
    fn days_and_dates_convert_both_ways() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(20_792), (2026, 12, 5));
        for day in [-800_000, -1, 0, 59, 60, 11_016, 20_792, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn typed_dates_are_read_strictly() {
        assert_eq!(parse_date("2000-01-01"), Some(10_957));
        assert_eq!(parse_date("2026-11-26"), Some(20_783));
        assert_eq!(parse_date("2024-02-29"), parse_date("2024-02-28").map(|d| d + 1));
        for bad in ["2023-02-29", "2026-13-01", "26-11-2026", "2026-1-1", "i dag", "", "+202-01-01"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn summer_time_runs_from_the_last_sunday_of_march_to_the_last_sunday_of_october_at_one_utc() {
        // 2026: 29 March and 25 October.
        assert_eq!(offset_ms(utc(2026, 3, 29, 0, 59)), HOUR_MS);
        assert_eq!(offset_ms(utc(2026, 3, 29, 1, 0)), 2 * HOUR_MS);
        assert_eq!(offset_ms(utc(2026, 10, 25, 0, 59)), 2 * HOUR_MS);
        assert_eq!(offset_ms(utc(2026, 10, 25, 1, 0)), HOUR_MS);
        // 2027: 28 March and 31 October (the last day of the month itself).
        assert_eq!(offset_ms(utc(2027, 3, 28, 1, 0)), 2 * HOUR_MS);
        assert_eq!(offset_ms(utc(2027, 10, 31, 0, 59)), 2 * HOUR_MS);
        assert_eq!(offset_ms(utc(2027, 10, 31, 1, 0)), HOUR_MS);
        assert_eq!(offset_ms(utc(2026, 12, 5, 12, 0)), HOUR_MS);
        assert_eq!(offset_ms(utc(2026, 7, 1, 12, 0)), 2 * HOUR_MS);
    }

    #[test]
    fn the_norwegian_date_turns_at_norwegian_midnight() {
        assert_eq!(ymd(utc(2026, 12, 4, 22, 59)), "2026-12-04");
        assert_eq!(ymd(utc(2026, 12, 4, 23, 0)), "2026-12-05");
        assert_eq!(ymd(utc(2026, 6, 30, 21, 59)), "2026-06-30");
        assert_eq!(ymd(utc(2026, 6, 30, 22, 0)), "2026-07-01");
        assert_eq!(ymd(utc(2026, 12, 31, 23, 30)), "2027-01-01");
    }

    #[test]
    fn a_norwegian_day_starts_at_its_midnight_in_either_season() {
        let winter = days_from_civil(2026, 12, 5);
        assert_eq!(day_start_ms(winter), utc(2026, 12, 4, 23, 0));
        let summer = days_from_civil(2026, 7, 1);
        assert_eq!(day_start_ms(summer), utc(2026, 6, 30, 22, 0));
        // The days of the switches: midnight is before them.
        assert_eq!(day_start_ms(days_from_civil(2026, 3, 29)), utc(2026, 3, 28, 23, 0));
        assert_eq!(day_start_ms(days_from_civil(2026, 3, 30)), utc(2026, 3, 29, 22, 0));
        assert_eq!(day_start_ms(days_from_civil(2026, 10, 25)), utc(2026, 10, 24, 22, 0));
        assert_eq!(day_start_ms(days_from_civil(2026, 10, 26)), utc(2026, 10, 25, 23, 0));
        for day in [winter, summer] {
            assert_eq!(local_day(day_start_ms(day)), day);
            assert_eq!(local_day(day_start_ms(day) - 1), day - 1);
        }
    }
}
