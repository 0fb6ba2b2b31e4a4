//! RFC 5545 iCalendar invitations (iTIP `REQUEST` and `CANCEL`, RFC 5546) for interviews: one VEVENT in
//! Europe/Oslo time, with the zone's own VTIMEZONE so that every calendar reads the same wall-clock time.
//! Text is escaped (§3.3.11) and lines folded at 75 octets (§3.1) here, never by the callers.

use crate::civil_time::{civil_from_days, local_ms, DAY_MS};

pub const TZID: &str = "Europe/Oslo";

/// Europe/Oslo's rule since 1996 (the EU's, as `civil_time` keeps it): summer time from the last Sunday of March
/// 02:00 to the last Sunday of October 03:00, local time.
const VTIMEZONE: [&str; 18] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Oslo",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
    "",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// A new invitation or an update of one (same UID, higher SEQUENCE).
    Request,
    /// The event is called off.
    Cancel,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// Where the meeting is: a place people go to, or a link they open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place<'a> {
    Location(&'a str),
    Video(&'a str),
}

impl<'a> Place<'a> {
    /// A link (`https://…`) is a video meeting; anything else is a place.
    pub fn of(text: &'a str) -> Place<'a> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            Place::Video(text.trim())
        } else {
            Place::Location(text.trim())
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// One interview as an invitation or a cancellation.
#[derive(Clone, Debug)]
pub struct Event<'a> {
    pub method: Method,
    /// Stable for the interview's whole life: updates and the cancellation name the same event.
    pub uid: &'a str,
    pub sequence: i64,
    /// When this version was written (UTC milliseconds).
    pub stamp_ms: i64,
    pub start_ms: i64,
    pub end_ms: i64,
    pub summary: &'a str,
    pub description: &'a str,
    pub place: Place<'a>,
    pub organizer: Person<'a>,
    pub attendees: &'a [Person<'a>],
}

impl Event<'_> {
    /// The whole VCALENDAR object, CRLF line ends, folded.
    pub fn render(&self) -> String {
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "PRODID:-//ansett//Intervju//NB".into(),
            "VERSION:2.0".into(),
            "CALSCALE:GREGORIAN".into(),
            format!("METHOD:{}", self.method.name()),
        ];
        lines.extend(VTIMEZONE.iter().filter(|l| !l.is_empty()).map(|l| l.to_string()));
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", text(self.uid)));
        lines.push(format!("SEQUENCE:{}", self.sequence));
        lines.push(format!("DTSTAMP:{}", utc_stamp(self.stamp_ms)));
        lines.push(format!("DTSTART;TZID={TZID}:{}", oslo_stamp(self.start_ms)));
        lines.push(format!("DTEND;TZID={TZID}:{}", oslo_stamp(self.end_ms)));
        lines.push(format!("SUMMARY:{}", text(self.summary)));
        if !self.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(self.description)));
        }
        match &self.place {
            Place::Location(place) => lines.push(format!("LOCATION:{}", text(place))),
            // The link as URL (RFC 5545), and as LOCATION too: most calendars show only the location.
            Place::Video(link) => {
                lines.push(format!("URL:{}", uri(link)));
                lines.push(format!("LOCATION:{}", text(link)));
            }
        }
        lines.push(format!("ORGANIZER;CN={}:mailto:{}", param(self.organizer.name), uri(self.organizer.email)));
        for a in self.attendees {
            lines.push(format!(
                "ATTENDEE;CN={};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
                param(a.name),
                uri(a.email)
            ));
        }
        let status = match self.method {
            Method::Request => "CONFIRMED",
            Method::Cancel => "CANCELLED",
        };
        lines.push(format!("STATUS:{status}"));
        lines.push("TRANSP:OPAQUE".into());
        lines.push("END:VEVENT".into());
        lines.push("END:VCALENDAR".into());
        lines.iter().map(|l| fold(l)).collect()
    }
}

/// The METHOD of a rendered calendar, for the MIME part's `method` parameter.
pub fn method_of(calendar: &str) -> Option<&str> {
    calendar.lines().find_map(|l| l.strip_prefix("METHOD:")).map(str::trim)
}

/// TEXT value escaping (§3.3.11): backslash, semicolon, comma and newline; other control characters dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (§3.2): always quoted; a quote cannot be written inside one, so it is dropped.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// A URI value is not TEXT (no escaping), but nothing may break the line.
fn uri(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect()
}

/// A content line folded so that no line is longer than 75 octets, never inside a UTF-8 character (§3.1),
/// ended by CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(ms: i64) -> (i64, u32, u32, i64, i64, i64) {
    let (y, mo, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let secs = ms.rem_euclid(DAY_MS) / 1000;
    (y, mo, d, secs / 3600, secs / 60 % 60, secs % 60)
}

/// `20270112T090000Z`
fn utc_stamp(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = stamp(ms);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// The Norwegian wall-clock time of `ms`, as DTSTART/DTEND with `TZID=Europe/Oslo` write it.
fn oslo_stamp(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = stamp(local_ms(ms));
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil_time::days_from_civil;

    const HOUR: i64 = 3_600_000;

    fn event<'a>(method: Method, place: Place<'a>, attendees: &'a [Person<'a>]) -> Event<'a> {
        Event {
            method,
            uid: "0190-abc@ansett.example",
            sequence: 0,
            stamp_ms: days_from_civil(2027, 1, 5) * DAY_MS + 8 * HOUR,
            // 12 January 2027 10:00 in Oslo is 09:00 UTC (winter).
            start_ms: days_from_civil(2027, 1, 12) * DAY_MS + 9 * HOUR,
            end_ms: days_from_civil(2027, 1, 12) * DAY_MS + 10 * HOUR,
            summary: "Intervju: Utvikler, Fjord & Fjell AS",
            description: "Hei;\nvelkommen, ta med CV",
            place,
            organizer: Person { name: "Fjord & Fjell AS", email: "post@fjord.example" },
            attendees,
        }
    }

    #[test]
    fn an_invitation_carries_every_required_property_in_oslo_time() {
        let people = [Person { name: "Kari \"K\" Nordmann", email: "kari@example.no" }];
        let ics = event(Method::Request, Place::Location("Storgata 1, Oslo"), &people).render();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nPRODID:") && ics.ends_with("END:VCALENDAR\r\n"));
        for line in [
            "VERSION:2.0",
            "METHOD:REQUEST",
            "TZID:Europe/Oslo",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "UID:0190-abc@ansett.example",
            "SEQUENCE:0",
            "DTSTAMP:20270105T080000Z",
            "DTSTART;TZID=Europe/Oslo:20270112T100000",
            "DTEND;TZID=Europe/Oslo:20270112T110000",
            "SUMMARY:Intervju: Utvikler\\, Fjord & Fjell AS",
            "DESCRIPTION:Hei\\;\\nvelkommen\\, ta med CV",
            "LOCATION:Storgata 1\\, Oslo",
            "ORGANIZER;CN=\"Fjord & Fjell AS\":mailto:post@fjord.example",
            "STATUS:CONFIRMED",
        ] {
            assert!(ics.contains(&format!("\r\n{line}\r\n")), "{line} in\n{ics}");
        }
        assert!(ics.contains("ATTENDEE;CN=\"Kari K Nordmann\";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;"));
        assert!(!ics.contains("\nURL:"));
        assert_eq!(method_of(&ics), Some("REQUEST"));
    }

    #[test]
    fn summer_times_are_written_with_the_summer_offset_applied() {
        let mut e = event(Method::Request, Place::Location("Oslo"), &[]);
        // 1 July 2027 08:00 UTC is 10:00 in Oslo.
        e.start_ms = days_from_civil(2027, 7, 1) * DAY_MS + 8 * HOUR;
        e.end_ms = e.start_ms + HOUR / 2;
        let ics = e.render();
        assert!(ics.contains("DTSTART;TZID=Europe/Oslo:20270701T100000\r\n"));
        assert!(ics.contains("DTEND;TZID=Europe/Oslo:20270701T103000\r\n"));
    }

    #[test]
    fn a_cancellation_says_so_and_a_video_link_is_a_url() {
        let mut e = event(Method::Cancel, Place::of(" https://meet.example/abc?x=1,2 "), &[]);
        e.sequence = 2;
        let ics = e.render();
        assert!(ics.contains("\r\nMETHOD:CANCEL\r\n") && ics.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:2\r\n"));
        assert!(ics.contains("\r\nURL:https://meet.example/abc?x=1,2\r\n"));
        assert_eq!(method_of(&ics), Some("CANCEL"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let long = "Ærlig talt øøø ".repeat(20);
        let folded = fold(&format!("SUMMARY:{}", text(&long)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{long}\r\n"));
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
    }

    #[test]
    fn text_escaping_follows_the_rfc() {
        assert_eq!(text("a\\b;c,d\ne\r\u{7}"), "a\\\\b\\;c\\,d\\ne");
        assert_eq!(Place::of("Rom 3"), Place::Location("Rom 3"));
        assert_eq!(Place::of("HTTPS://x.example"), Place::Video("HTTPS://x.example"));
    }
}
