//! Interviews (issue 22): «Planlegg intervju», «Endre intervju», «Avlys intervju» on the profile, the calendar
//! invitations they email (read back by a real iCalendar parser, the `ical` crate, field by field), bad input,
//! who may do it, the reminder to evaluate, and privacy. Both backends.

use crate::support::html::Page;
use crate::support::world::{application_of, email_template, world, World};
use crate::support::{location, scalar, user_id, Browser, ADMIN_EMAIL};
use domain::civil_time::{civil_from_days, local_day, utc_of_local, DAY_MS};
use reqwest::StatusCode;

const AGENCY: &str = "byraa@agency.test";

/// A Norwegian date `days` from today, as the form takes it, and that day's number.
fn date_in(days: i64) -> (String, i64) {
    let day = local_day(store::now_ms()) + days;
    let (y, m, d) = civil_from_days(day);
    (format!("{y:04}-{m:02}-{d:02}"), day)
}

/// UTC milliseconds of `HH:MM` Norwegian time on `day`.
fn at(day: i64, hour: i64, minute: i64) -> i64 {
    utc_of_local(day * DAY_MS + hour * 3_600_000 + minute * 60_000).unwrap()
}

async fn template(w: &World) -> String {
    email_template(
        &w.s,
        &w.admin,
        "Innkalling",
        "Invitasjon til intervju: {{job.title}}",
        "Hei {{candidate.first_name}},\n\nVelkommen til intervju hos {{company.name}}.",
    )
    .await
}

fn form<'a>(
    date: &'a str,
    time: &'a str,
    minutes: &'a str,
    place: &'a str,
    who: &'a [String],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![("date", date), ("time", time), ("minutes", minutes), ("place", place)];
    f.extend(who.iter().map(|id| ("interviewers", id.as_str())));
    f
}

async fn schedule(b: &Browser, app: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    b.post_form(&format!("/applications/{app}/interviews"), fields).await
}

/// One delivered email: recipient, subject, text, and the calendar part (its content type and body).
struct Sent {
    to: String,
    subject: String,
    text: String,
    calendar_type: String,
    calendar: String,
    attachment: bool,
}

/// Delivers what is queued and reads every `.eml` not read before.
async fn deliver(w: &World, seen: &mut Vec<std::path::PathBuf>) -> Vec<Sent> {
    use mail_parser::MimeHeaders;
    w.s.app.mailer().deliver_due().await.unwrap();
    let mut out = Vec::new();
    let dir = w.s.db.data_dir.join("outbox");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if seen.contains(&path) {
            continue;
        }
        seen.push(path.clone());
        let raw = std::fs::read(&path).unwrap();
        let m = mail_parser::MessageParser::default().parse(&raw[..]).unwrap();
        let mut calendar = (String::new(), String::new());
        let mut attachment = false;
        for part in &m.parts {
            let Some(ct) = part.content_type() else { continue };
            let kind = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default());
            if kind == "text/calendar" {
                let params: Vec<String> = ct
                    .attributes()
                    .into_iter()
                    .flatten()
                    .map(|a| format!("{}={}", a.name.to_lowercase(), a.value))
                    .collect();
                calendar = (format!("{kind}; {}", params.join("; ")), String::from_utf8_lossy(part.contents()).into());
            } else if kind == "application/ics" && part.attachment_name() == Some("invite.ics") {
                attachment = true;
            }
        }
        out.push(Sent {
            to: m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string(),
            subject: m.subject().unwrap_or_default().to_string(),
            text: m.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
            calendar_type: calendar.0,
            calendar: calendar.1,
            attachment,
        });
    }
    out
}

/// A calendar as the parser reads it: the calendar's properties, the time zone and the one event.
struct Parsed {
    calendar: ical::parser::ical::component::IcalCalendar,
}

impl Parsed {
    fn of(text: &str) -> Parsed {
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendar = parser.next().expect("one VCALENDAR").expect("a valid VCALENDAR");
        assert!(parser.next().is_none(), "exactly one VCALENDAR");
        assert_eq!(calendar.events.len(), 1, "one VEVENT");
        Parsed { calendar }
    }

    fn top(&self, name: &str) -> String {
        value(&self.calendar.properties, name)
    }

    fn event(&self, name: &str) -> String {
        value(&self.calendar.events[0].properties, name)
    }

    fn event_all(&self, name: &str) -> Vec<&ical::property::Property> {
        self.calendar.events[0].properties.iter().filter(|p| p.name == name).collect()
    }
}

fn value(props: &[ical::property::Property], name: &str) -> String {
    let found: Vec<_> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "one {name}");
    found[0].value.clone().unwrap_or_default()
}

fn param(p: &ical::property::Property, name: &str) -> String {
    p.params
        .iter()
        .flatten()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.join(",").trim_matches('"').to_string())
        .unwrap_or_default()
}

/// TEXT values as written (§3.3.11) read back.
fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

/// `YYYYMMDDTHHMMSS` of a form's date and time.
fn local_stamp(date: &str, time: &str) -> String {
    format!("{}T{}00", date.replace('-', ""), time.replace(':', ""))
}

fn check_invitation(ics: &str, method: &str, sequence: i64, start: &str, end: &str) -> Parsed {
    let p = Parsed::of(ics);
    assert_eq!(p.top("VERSION"), "2.0");
    assert!(!p.top("PRODID").is_empty());
    assert_eq!(p.top("METHOD"), method);
    let tz = &p.calendar.timezones;
    assert_eq!(tz.len(), 1, "one VTIMEZONE");
    assert_eq!(value(&tz[0].properties, "TZID"), "Europe/Oslo");
    let rules: Vec<(String, String)> =
        tz[0].transitions.iter().map(|t| (value(&t.properties, "TZOFFSETTO"), value(&t.properties, "RRULE"))).collect();
    assert!(rules.contains(&("+0200".into(), "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU".into())), "{rules:?}");
    assert!(rules.contains(&("+0100".into(), "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU".into())), "{rules:?}");
    assert_eq!(p.event("SEQUENCE"), sequence.to_string());
    assert!(p.event("DTSTAMP").ends_with('Z'));
    for (name, expected) in [("DTSTART", start), ("DTEND", end)] {
        let prop = p.event_all(name)[0];
        assert_eq!(param(prop, "TZID"), "Europe/Oslo");
        assert_eq!(prop.value.as_deref(), Some(expected), "{name}");
    }
    assert_eq!(p.event("STATUS"), if method == "CANCEL" { "CANCELLED" } else { "CONFIRMED" });
    // No line longer than 75 octets.
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
    p
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interview_is_booked_moved_and_cancelled_with_calendar_invitations_that_parse() {
    let w = world().await;
    let tpl = template(&w).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (admin_id, agency_id) = (user_id(&w.s, ADMIN_EMAIL).await, user_id(&w.s, AGENCY).await);
    let mut seen = Vec::new();
    deliver(&w, &mut seen).await;

    // The profile offers it; the form lists the hiring team and the templates.
    let profile = format!("/candidates/{}", w.both);
    let (_, page) = w.admin.page(&profile).await;
    Page::parse(&page).assert_link("Planlegg intervju", &format!("/applications/{app}/interviews/new"));
    let (status, form_page) = w.admin.page(&format!("/applications/{app}/interviews/new")).await;
    assert_eq!(status, StatusCode::OK);
    for label in ["Dato", "Klokkeslett", "Varighet (minutter)", "Sted eller videolenke", "Intervjuere", "E-postmal"] {
        assert!(form_page.contains(label), "{label}");
    }
    assert!(
        form_page.contains(&agency_id) && form_page.contains("Innkalling") && form_page.contains("Send invitasjon")
    );

    let (date, day) = date_in(10);
    let who = [admin_id.clone(), agency_id.clone()];
    let mut fields = form(&date, "10:00", "45", "Storgata 1, 0155 Oslo; 3. etasje", &who);
    fields.push(("template", &tpl));
    let r = schedule(&w.admin, &app, &fields).await;
    assert_eq!(location(&r), format!("{profile}?interview=scheduled#interviews"));
    let id = scalar(&w.s, "SELECT id FROM interviews").await;
    assert_eq!(
        scalar(&w.s, "SELECT CAST(starts_at AS TEXT) || ' ' || CAST(ends_at AS TEXT) FROM interviews").await,
        format!("{} {}", at(day, 10, 0), at(day, 10, 45))
    );
    assert_eq!(w.s.count("interview_interviewers").await, 2);
    let (_, page) = w.admin.page(&format!("{profile}?interview=scheduled")).await;
    assert!(page.contains("Invitasjonen er sendt") && page.contains("Kommende intervjuer"), "{page}");
    assert!(page.contains("Storgata 1, 0155 Oslo; 3. etasje") && page.contains("Endre intervju"));

    // The candidate (the template, with time and place) and each interviewer get the REQUEST.
    let sent = deliver(&w, &mut seen).await;
    assert_eq!(sent.len(), 3, "candidate and two interviewers");
    let host = "127.0.0.1";
    let start = local_stamp(&date, "10:00");
    let end = local_stamp(&date, "10:45");
    let mut uid = String::new();
    for m in &sent {
        assert_eq!(m.calendar_type, "text/calendar; method=REQUEST; charset=utf-8", "{}", m.to);
        assert!(m.attachment, "invite.ics attached for {}", m.to);
        let p = check_invitation(&m.calendar, "REQUEST", 0, &start, &end);
        uid = p.event("UID");
        assert!(uid.starts_with(&format!("{id}@")), "{uid} {host}");
        assert_eq!(unescape(&p.event("LOCATION")), "Storgata 1, 0155 Oslo; 3. etasje");
        assert!(p.event("SUMMARY").contains("Registration"));
        let organizer = p.event_all("ORGANIZER")[0];
        assert!(organizer.value.as_deref().unwrap_or_default().starts_with("mailto:"));
        assert_eq!(param(organizer, "CN"), "Fjordkraft AS", "the company organises it");
        let attendees: Vec<(String, String, String)> = p
            .event_all("ATTENDEE")
            .iter()
            .map(|a| (a.value.clone().unwrap_or_default(), param(a, "CN"), param(a, "RSVP")))
            .collect();
        assert_eq!(attendees.len(), 3, "{attendees:?}");
        assert!(attendees.iter().all(|(_, cn, rsvp)| !cn.is_empty() && rsvp == "TRUE"), "{attendees:?}");
        assert!(attendees.iter().any(|(v, cn, _)| v == "mailto:bjorn@example.no" && cn == "Bjørn Kandidat"));
        assert!(attendees.iter().any(|(v, _, _)| v == &format!("mailto:{AGENCY}")));
    }
    let to_candidate = sent.iter().find(|m| m.to == "bjorn@example.no").expect("the candidate's email");
    assert_eq!(to_candidate.subject, "Invitasjon til intervju: Registration");
    assert!(
        to_candidate.text.contains("Hei Bjørn") && to_candidate.text.contains("Storgata 1"),
        "{}",
        to_candidate.text
    );
    assert!(sent.iter().any(|m| m.to == AGENCY && m.subject.starts_with("Intervju med Bjørn Kandidat")));

    // «Endre intervju»: moved an hour and a half later, online, the agency taken off.
    let (status, edit) = w.admin.page(&format!("/interviews/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&edit);
    let kept = ["date", "time", "minutes"].map(|name| shown.field_value(&format!("[name={name}]")));
    assert_eq!(kept, [date.as_str(), "10:00", "45"], "the form gives back what was planned");
    let only_admin = [admin_id.clone()];
    let r = w
        .admin
        .post_form(
            &format!("/interviews/{id}/edit"),
            &form(&date, "11:30", "60", "https://meet.example/abc", &only_admin),
        )
        .await;
    assert_eq!(location(&r), format!("{profile}?interview=changed#interviews"));
    let sent = deliver(&w, &mut seen).await;
    assert_eq!(sent.len(), 3, "candidate, the interviewer left, and the one taken off");
    let (start2, end2) = (local_stamp(&date, "11:30"), local_stamp(&date, "12:30"));
    for m in sent.iter().filter(|m| m.to != AGENCY) {
        let p = check_invitation(&m.calendar, "REQUEST", 1, &start2, &end2);
        assert_eq!(p.event("UID"), uid, "the same event");
        assert_eq!(p.event("URL"), "https://meet.example/abc");
    }
    let off = sent.iter().find(|m| m.to == AGENCY).expect("the agency is told");
    assert!(off.calendar_type.contains("method=CANCEL"));
    assert_eq!(check_invitation(&off.calendar, "CANCEL", 1, &start2, &end2).event("UID"), uid);

    // «Avlys intervju»: the profile links to a confirmation that says what happens; leaving it changes nothing.
    let (_, page) = w.admin.page(&profile).await;
    Page::parse(&page).assert_text(&format!("a.button-link[href='/interviews/{id}/cancel']"), "Avlys intervju");
    let (status, confirm) = w.admin.page(&format!("/interviews/{id}/cancel")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("Avlys intervjuet med Bjørn Kandidat?") && confirm.contains("https://meet.example/abc"));
    let shown = Page::parse(&confirm);
    shown.assert_text(&format!("form[method=post][action='/interviews/{id}/cancel'] button"), "Avlys intervju");
    shown.assert_link("Behold intervjuet", &format!("{profile}#interview-{id}"));
    assert!(deliver(&w, &mut seen).await.is_empty(), "showing the confirmation sends nothing");
    assert_eq!(scalar(&w.s, "SELECT CAST(sequence AS TEXT) FROM interviews").await, "1");
    // Confirmed: CANCEL to the candidate and the interviewer, nothing changeable afterwards.
    let r = w.admin.post_form(&format!("/interviews/{id}/cancel"), &[]).await;
    assert_eq!(location(&r), format!("{profile}?interview=cancelled#interviews"));
    let sent = deliver(&w, &mut seen).await;
    assert_eq!(sent.len(), 2);
    for m in &sent {
        assert!(m.calendar_type.starts_with("text/calendar; method=CANCEL"), "{}", m.calendar_type);
        let p = check_invitation(&m.calendar, "CANCEL", 2, &start2, &end2);
        assert_eq!(p.event("UID"), uid);
    }
    let (_, page) = w.admin.page(&profile).await;
    assert!(page.contains("Tidligere intervjuer") && page.contains("Avlyst") && !page.contains("Endre intervju"));
    assert_eq!(w.admin.post_form(&format!("/interviews/{id}/cancel"), &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.admin.page(&format!("/interviews/{id}/edit")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(w.admin.page(&format!("/interviews/{id}/cancel")).await.0, StatusCode::FORBIDDEN);

    // Audited by id, on the timeline, and the email log lists them.
    let actions = scalar(
        &w.s,
        "SELECT COUNT(*) || '' FROM audit_events WHERE action IN ('interview.scheduled', 'interview.changed', \
         'interview.cancelled')",
    )
    .await;
    assert_eq!(actions, "3");
    assert!(page.contains("planla et intervju") && page.contains("avlyste et intervju"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_and_closed_or_unseen_applications_change_nothing() {
    let w = world().await;
    let tpl = template(&w).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.both, &w.other).await;
    let (admin_id, agency_id) = (user_id(&w.s, ADMIN_EMAIL).await, user_id(&w.s, AGENCY).await);
    let recruiter_id = user_id(&w.s, "rek@fjordkraft.test").await;
    let outbox = w.s.count("outbox").await;
    let (date, _) = date_in(5);
    let (yesterday, _) = date_in(-1);
    let me = [admin_id.clone()];
    let not_team = [recruiter_id.clone()];

    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (form(&yesterday, "10:00", "30", "Rom 1", &me), "Tidspunktet har allerede vært."),
        (form(&date, "10:00", "0", "Rom 1", &me), "Varighet (minutter)"),
        (form(&date, "10:00", "100000", "Rom 1", &me), "Varighet (minutter)"),
        (form(&date, "kl ti", "30", "Rom 1", &me), "Skriv klokkeslettet som TT:MM"),
        (form(&date, "10:00", "30", "", &me), "Sted eller videolenke"),
        (form(&date, "10:00", "30", "Rom 1", &not_team), "Velg intervjuere blant de aktive medlemmene"),
        (form(&date, "10:00", "30", "Rom 1", &[]), "Intervjuere"),
    ];
    for (mut fields, message) in cases {
        fields.push(("template", &tpl));
        let r = schedule(&w.admin, &app, &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let html = r.text().await.unwrap();
        let alerts = Page::parse(&html).texts("[role=alert]");
        assert!(alerts.iter().any(|a| a.contains(message)), "{message} in {alerts:?}");
    }
    // No template chosen.
    let r = schedule(&w.admin, &app, &form(&date, "10:00", "30", "Rom 1", &me)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // In English too.
    w.admin.post_form("/language", &[("lang", "en")]).await;
    let mut fields = form(&yesterday, "10:00", "30", "Rom 1", &me);
    fields.push(("template", &tpl));
    let html = schedule(&w.admin, &app, &fields).await.text().await.unwrap();
    assert!(html.contains("That time has passed."), "{html}");
    w.admin.post_form("/language", &[("lang", "nb")]).await;

    // A deactivated member of the team may not be chosen.
    w.s.execute(&format!("UPDATE employees SET status = 'deactivated' WHERE user_id = '{agency_id}'")).await;
    let agency_only = [agency_id.clone()];
    let mut fields = form(&date, "10:00", "30", "Rom 1", &agency_only);
    fields.push(("template", &tpl));
    let r = schedule(&w.admin, &app, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    w.s.execute(&format!("UPDATE employees SET status = 'active' WHERE user_id = '{agency_id}'")).await;

    // A Bruker: their team's application yes, another posting's (or another agency at all) 404.
    let mut ok = form(&date, "10:00", "30", "Rom 1", &agency_only);
    ok.push(("template", &tpl));
    assert_eq!(w.agency.page(&format!("/applications/{other_app}/interviews/new")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(schedule(&w.agency, &other_app, &ok).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(schedule(&w.other_agency, &app, &ok).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.s.count("interviews").await, 0);
    assert_eq!(w.s.count("outbox").await, outbox, "nothing queued");
    let r = schedule(&w.agency, &app, &ok).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the agency on the team may book it");
    let id = scalar(&w.s, "SELECT id FROM interviews").await;
    assert_eq!(
        w.other_agency.post_form(&format!("/interviews/{id}/cancel"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.other_agency.page(&format!("/interviews/{id}/edit")).await.0, StatusCode::NOT_FOUND);
    let (_, page) = w.other_agency.page(&format!("/candidates/{}", w.both)).await;
    assert!(!page.contains("Rom 1"), "an agency that may not see the candidate sees no interview");

    // A rejected application: refused with a reason, nothing stored.
    let interviews = w.s.count("interviews").await;
    let queued = w.s.count("outbox").await;
    let r = w.admin.post_form(&format!("/applications/{app}/reject"), &[("reason", "not_qualified")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut fields = form(&date, "13:00", "30", "Rom 1", &me);
    fields.push(("template", &tpl));
    let r = schedule(&w.admin, &app, &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Søknaden er avsluttet"));
    assert_eq!((w.s.count("interviews").await, w.s.count("outbox").await), (interviews, queued));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interviewer_busy_elsewhere_is_warned_about_but_may_be_booked() {
    let w = world().await;
    let tpl = template(&w).await;
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.only_other, &w.other).await;
    let admin_id = user_id(&w.s, ADMIN_EMAIL).await;
    let (date, _) = date_in(3);
    let me = [admin_id];
    let mut first = form(&date, "09:00", "60", "Rom 1", &me);
    first.push(("template", &tpl));
    assert_eq!(schedule(&w.admin, &reg_app, &first).await.status(), StatusCode::SEE_OTHER);
    let mut second = form(&date, "09:30", "30", "Rom 2", &me);
    second.push(("template", &tpl));
    assert_eq!(schedule(&w.admin, &other_app, &second).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.s.count("interviews").await, 2);
    let (_, page) = w.admin.page(&format!("/candidates/{}", w.only_other)).await;
    assert!(page.contains("har et annet intervju samtidig"), "{page}");
    // The API says it too: who is busy elsewhere then.
    let key = crate::support::world::api_key(&w.admin).await;
    let path = format!("/applications/{other_app}/interviews");
    let listed: serde_json::Value = crate::support::world::api_get(&w, &key, &path).await.json().await.unwrap();
    let busy = &listed["interviews"][0]["busy"];
    assert_eq!(busy.as_array().map(Vec::len), Some(1), "{listed}");
    assert!(busy[0].as_str().is_some_and(|name| !name.is_empty()), "{listed}");
    // Back to back is no overlap.
    let mut third = form(&date, "10:00", "30", "Rom 3", &me);
    third.push(("template", &tpl));
    let (app3, _) = application_of(&w.s, &w.both, &w.other).await;
    assert_eq!(schedule(&w.admin, &app3, &third).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    let busy = page.matches("har et annet intervju samtidig").count();
    assert_eq!(busy, 1, "only the 09:00 interview overlaps (with 09:30), not the 10:00 one");
}

#[tokio::test(flavor = "multi_thread")]
async fn interviewers_who_have_not_evaluated_are_reminded_once_after_the_interview() {
    let w = world().await;
    let tpl = template(&w).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (admin_id, agency_id) = (user_id(&w.s, ADMIN_EMAIL).await, user_id(&w.s, AGENCY).await);
    let (date, day) = date_in(2);
    let who = [admin_id, agency_id];
    let mut fields = form(&date, "14:00", "30", "Rom 1", &who);
    fields.push(("template", &tpl));
    assert_eq!(schedule(&w.admin, &app, &fields).await.status(), StatusCode::SEE_OTHER);
    let ends = at(day, 14, 30);
    // The clock is the pass's argument: before the end, nobody; after it, each interviewer once.
    assert_eq!(w.s.app.interview_reminders(ends - 1).await.unwrap(), 0);
    // The agency evaluates (in the real world after the interview; the pass only asks whether they have).
    let r = w.agency.post_form(&format!("/applications/{app}/evaluate"), &[("recommendation", "yes")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.s.app.interview_reminders(ends + 60_000).await.unwrap(), 1, "only the admin has not evaluated");
    assert_eq!(w.s.app.interview_reminders(ends + 120_000).await.unwrap(), 0, "once");
    let reminder = scalar(&w.s, "SELECT to_address || ' ' || subject FROM outbox WHERE subject LIKE 'Husk%'").await;
    assert_eq!(reminder, format!("{ADMIN_EMAIL} Husk å vurdere Bjørn Kandidat (Registration)"));
}

#[tokio::test(flavor = "multi_thread")]
async fn anonymising_removes_interviews_without_telling_anyone_and_the_export_includes_them() {
    let w = world().await;
    let tpl = template(&w).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let admin_id = user_id(&w.s, ADMIN_EMAIL).await;
    let (date, _) = date_in(6);
    let me = [admin_id];
    let mut fields = form(&date, "10:00", "30", "Xylofonveien 7", &me);
    fields.push(("template", &tpl));
    assert_eq!(schedule(&w.admin, &app, &fields).await.status(), StatusCode::SEE_OTHER);

    let export = crate::support::Export::read(w.admin.get(&format!("/candidates/{}/export", w.both)).await).await;
    let interviews = export.json["interviews"].as_array().expect("interviews in the export");
    assert_eq!(interviews.len(), 1);
    assert_eq!(interviews[0]["place"], "Xylofonveien 7");
    assert_eq!(interviews[0]["interviewers"][0].as_str().map(|s| !s.is_empty()), Some(true));

    let queued = w.s.count("outbox").await;
    let r = w.admin.post_form(&format!("/candidates/{}/delete", w.both), &[]).await;
    assert_eq!(location(&r), "/candidates");
    assert_eq!((w.s.count("interviews").await, w.s.count("interview_interviewers").await), (0, 0));
    assert!(w.s.count("outbox").await < queued, "the invitations about them are gone, and no cancellation was sent");
    assert_eq!(
        scalar(&w.s, "SELECT COUNT(*) || '' FROM outbox WHERE subject LIKE 'Avlyst%' OR calendar LIKE '%CANCEL%'")
            .await,
        "0"
    );
    assert_eq!(crate::support::scan::scan(&w.s, &["xylofonveien"]).await, Vec::<String>::new());
    // Nothing new for them either.
    let r = schedule(&w.admin, &app, &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Kandidaten er anonymisert."), "the refusal says why");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_lists_schedules_moves_and_cancels_an_applications_interviews() {
    let w = world().await;
    let tpl = template(&w).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.both, &w.other).await;
    let agency_id = user_id(&w.s, AGENCY).await;
    let key = crate::support::world::api_key(&w.agency).await;
    let other_key = crate::support::world::api_key(&w.other_agency).await;
    let client = reqwest::Client::new();
    let url = |p: &str| format!("{}/api/v1{p}", w.s.base);
    let (date, day) = date_in(7);
    let body = serde_json::json!({
        "date": date, "time": "08:15", "minutes": 30, "place": "https://meet.example/x",
        "interviewer_ids": [agency_id], "template_id": tpl,
    });

    let doc: serde_json::Value =
        client.get(url("/openapi.json")).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert!(doc["paths"]["/applications/{id}/interviews"]["post"].is_object());
    assert!(doc["paths"]["/interviews/{id}/cancel"]["post"].is_object());
    assert!(doc["paths"]["/interviews/{id}/move"]["post"].is_object());
    // The request bodies' schemas, as the operations name them: moving sends the five fields of a slot,
    // scheduling the same five and the template.
    let required = |path: &str| {
        let schema = &doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"];
        let name = schema["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        doc["components"]["schemas"][name]["required"].as_array().unwrap().len()
    };
    assert_eq!(required("/interviews/{id}/move"), 5);
    assert_eq!(required("/applications/{id}/interviews"), 6);

    // Bad input: a problem naming the field, in the caller's language; nothing stored.
    let mut past = body.clone();
    past["date"] = serde_json::json!(date_in(-2).0);
    let r = client.post(url(&format!("/applications/{app}/interviews"))).bearer_auth(&key).json(&past).send().await;
    let r = r.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "date", "{problem}");
    // Not theirs: 404.
    let post = |k: &str, a: &str| {
        client.post(url(&format!("/applications/{a}/interviews"))).bearer_auth(k.to_string()).json(&body).send()
    };
    assert_eq!(post(&key, &other_app).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(post(&other_key, &app).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(w.s.count("interviews").await, 0);

    let r = post(&key, &app).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: serde_json::Value = r.json().await.unwrap();
    assert_eq!(created["starts_at"], crate_rfc3339(at(day, 8, 15)), "{created}");
    assert_eq!(created["interviewers"][0]["id"], agency_id.as_str());
    let list: serde_json::Value = client
        .get(url(&format!("/applications/{app}/interviews")))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["interviews"].as_array().map(Vec::len), Some(1));
    let id = created["id"].as_str().unwrap().to_string();
    // «Mine oppgaver» (built on another branch) shows `App::my_upcoming_interviews`: the agency's, not the other's.
    let mine = w.s.app.actor_for_api_key(&key).await.unwrap().unwrap();
    let upcoming = w.s.app.my_upcoming_interviews(&mine).await.unwrap();
    assert_eq!(
        upcoming.iter().map(|u| (u.id.as_str(), u.posting_title.as_str())).collect::<Vec<_>>(),
        [(id.as_str(), "Registration")]
    );
    let theirs = w.s.app.actor_for_api_key(&other_key).await.unwrap().unwrap();
    assert!(w.s.app.my_upcoming_interviews(&theirs).await.unwrap().is_empty());
    let (_, tasks) = w.agency.page("/tasks").await;
    let shown = Page::parse(&tasks);
    let upcoming = shown.find("ul.tasks__interviews li", "Bjørn Kandidat");
    assert_eq!(upcoming.select_one(&format!("a[href$='#app-{app}']")).text(), "Bjørn Kandidat");
    assert!(upcoming.text().contains("Bjørn Kandidat – Registration"), "on «Mine oppgaver»: {}", upcoming.html());
    let (_, tasks) = w.other_agency.page("/tasks").await;
    assert!(tasks.contains("Ingen intervjuer."), "not on another's");
    // Moving it: the update is the web's own, the same UID with SEQUENCE 1, read back by the parser.
    let mut seen = Vec::new();
    let uid = deliver(&w, &mut seen)
        .await
        .iter()
        .find(|m| !m.calendar.is_empty())
        .map(|m| Parsed::of(&m.calendar).event("UID"))
        .expect("the invitation went out");
    let moved = serde_json::json!({
        "date": date, "time": "09:30", "minutes": 45, "place": "Storgata 1", "interviewer_ids": [agency_id],
    });
    let move_as = |k: &str, b: &serde_json::Value| {
        client.post(url(&format!("/interviews/{id}/move"))).bearer_auth(k.to_string()).json(b).send()
    };
    assert_eq!(move_as(&other_key, &moved).await.unwrap().status(), StatusCode::NOT_FOUND);
    let mut bad = moved.clone();
    bad["time"] = serde_json::json!("25:00");
    let r = move_as(&key, &bad).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "time", "{problem}");
    assert_eq!(scalar(&w.s, "SELECT CAST(sequence AS TEXT) FROM interviews").await, "0", "nothing changed");
    assert!(deliver(&w, &mut seen).await.is_empty(), "nothing sent for refused moves");
    let r = move_as(&key, &moved).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after: serde_json::Value = r.json().await.unwrap();
    assert_eq!(after["starts_at"], crate_rfc3339(at(day, 9, 30)), "{after}");
    assert_eq!(after["ends_at"], crate_rfc3339(at(day, 10, 15)), "{after}");
    assert_eq!((after["sequence"].as_i64(), after["place"].as_str()), (Some(1), Some("Storgata 1")));
    let sent = deliver(&w, &mut seen).await;
    assert_eq!(sent.len(), 2, "the candidate and the interviewer");
    for m in &sent {
        assert_eq!(m.calendar_type, "text/calendar; method=REQUEST; charset=utf-8", "{}", m.to);
        let p = check_invitation(&m.calendar, "REQUEST", 1, &local_stamp(&date, "09:30"), &local_stamp(&date, "10:15"));
        assert_eq!(p.event("UID"), uid, "the same event");
        assert_eq!(unescape(&p.event("LOCATION")), "Storgata 1");
    }
    let changed = scalar(&w.s, "SELECT COUNT(*) || '' FROM audit_events WHERE action = 'interview.changed'").await;
    assert_eq!(changed, "1");

    let cancel = |k: &str| client.post(url(&format!("/interviews/{id}/cancel"))).bearer_auth(k.to_string()).send();
    assert_eq!(cancel(&other_key).await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(cancel(&key).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(scalar(&w.s, "SELECT CAST(sequence AS TEXT) FROM interviews").await, "2");
    assert!(w.s.app.my_upcoming_interviews(&mine).await.unwrap().is_empty(), "a cancelled one is not upcoming");
    assert!(scalar(&w.s, "SELECT calendar FROM outbox WHERE calendar LIKE '%METHOD:CANCEL%' LIMIT 1")
        .await
        .contains("STATUS:CANCELLED"));
}

/// RFC 3339 in UTC, as the API writes times.
fn crate_rfc3339(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let minute = ms.rem_euclid(DAY_MS) / 60_000;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z", minute / 60, minute % 60)
}
