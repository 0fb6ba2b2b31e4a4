//! The emails ansett sends, written in the recipient's language from the shared translation files.

use askama::Template;
use domain::i18n::T;

/// A rendered email body in both forms of a `multipart/alternative` message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An iCalendar object sent along (`text/calendar`, its METHOD as the part's `method`).
    pub calendar: Option<String>,
}

impl Content {
    pub fn with_calendar(self, calendar: String) -> Content {
        Content { calendar: Some(calendar), ..self }
    }
}

#[derive(Template)]
#[template(path = "email.html")]
struct EmailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    paragraphs: &'a [String],
    action: Option<(&'a str, &'a str)>,
    footer: &'a [String],
}

/// Plain text and HTML from the same paragraphs, so the two parts never say different things.
fn render(
    t: T,
    subject: String,
    paragraphs: Vec<String>,
    action: Option<(&str, &str)>,
    footer: Vec<String>,
) -> Content {
    let mut text = paragraphs.join("\n\n");
    if let Some((label, href)) = action {
        text.push_str(&format!("\n\n{label}:\n{href}"));
    }
    if !footer.is_empty() {
        text.push_str(&format!("\n\n--\n{}", footer.join("\n")));
    }
    text.push('\n');
    let page = EmailHtml { lang: t.code(), subject: &subject, paragraphs: &paragraphs, action, footer: &footer };
    // The template has no fallible parts beyond formatting; the plain text still goes out if it ever fails.
    let html = page.render().unwrap_or_else(|_| format!("<pre>{}</pre>", escape(&text)));
    Content { subject, text, html, calendar: None }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// "You have been invited": to a person who may or may not have a login already.
pub struct Invitation<'a> {
    pub company: &'a str,
    pub inviter: &'a str,
    pub invitee_first_name: &'a str,
    pub link: &'a str,
    pub valid_days: i64,
}

impl Invitation<'_> {
    pub fn compose(&self, t: T) -> Content {
        let company = [("company", self.company)];
        let subject = t.fmt("email.invitation.subject", &company);
        let paragraphs = vec![
            t.fmt("email.greeting", &[("name", self.invitee_first_name)]),
            t.fmt("email.invitation.body", &[("inviter", self.inviter), ("company", self.company)]),
            t.fmt("email.invitation.expiry", &[("days", &self.valid_days.to_string())]),
        ];
        let footer = vec![t.get("email.invitation.ignore").to_string()];
        render(t, subject, paragraphs, Some((t.get("email.invitation.action"), self.link)), footer)
    }
}

/// "You are on the hiring team for …": to an employee added to a posting's team.
pub struct TeamAdded<'a> {
    pub first_name: &'a str,
    pub adder: &'a str,
    pub title: &'a str,
    pub company: &'a str,
    pub link: &'a str,
}

impl TeamAdded<'_> {
    pub fn compose(&self, t: T) -> Content {
        let subject = t.fmt("email.team_added.subject", &[("title", self.title)]);
        let paragraphs = vec![
            t.fmt("email.greeting", &[("name", self.first_name)]),
            t.fmt("email.team_added.body", &[("adder", self.adder), ("title", self.title), ("company", self.company)]),
        ];
        render(t, subject, paragraphs, Some((t.get("email.team_added.action"), self.link)), Vec::new())
    }
}

/// "A webhook is failing": to a company's administrators when a delivery ran out of retries.
pub struct WebhookFailing<'a> {
    pub first_name: &'a str,
    pub url: &'a str,
    pub company: &'a str,
    pub link: &'a str,
}

impl WebhookFailing<'_> {
    pub fn compose(&self, t: T) -> Content {
        let subject = t.fmt("email.webhook_failing.subject", &[("company", self.company)]);
        let paragraphs = vec![
            t.fmt("email.greeting", &[("name", self.first_name)]),
            t.fmt("email.webhook_failing.body", &[("url", self.url), ("company", self.company)]),
        ];
        render(t, subject, paragraphs, Some((t.get("email.webhook_failing.action"), self.link)), Vec::new())
    }
}

/// "… mentioned you in a note": to an employee named with `@` in a note on a candidate they may see.
pub struct Mentioned<'a> {
    pub first_name: &'a str,
    pub author: &'a str,
    pub candidate: &'a str,
    pub note: &'a str,
    pub link: &'a str,
}

impl Mentioned<'_> {
    pub fn compose(&self, t: T) -> Content {
        let subject = t.fmt("email.mentioned.subject", &[("author", self.author), ("candidate", self.candidate)]);
        let paragraphs = vec![
            t.fmt("email.greeting", &[("name", self.first_name)]),
            t.fmt("email.mentioned.body", &[("author", self.author), ("candidate", self.candidate)]),
            self.note.to_string(),
        ];
        render(t, subject, paragraphs, Some((t.get("email.mentioned.action"), self.link)), Vec::new())
    }
}

/// «Tildel til ansatt»: an application handed to an employee, with the link to it.
pub struct Assigned<'a> {
    pub first_name: &'a str,
    pub by: &'a str,
    pub candidate: &'a str,
    pub posting: &'a str,
    pub link: &'a str,
}

impl Assigned<'_> {
    pub fn compose(&self, t: T) -> Content {
        let args = [("by", self.by), ("candidate", self.candidate), ("posting", self.posting)];
        let subject = t.fmt("email.assigned.subject", &args);
        let paragraphs =
            vec![t.fmt("email.greeting", &[("name", self.first_name)]), t.fmt("email.assigned.body", &args)];
        render(t, subject, paragraphs, Some((t.get("email.assigned.action"), self.link)), Vec::new())
    }
}

/// "Mine data": the single-use link a candidate asked for, to see, download and delete their data.
pub struct SelfServiceLink<'a> {
    pub company: &'a str,
    pub link: &'a str,
}

impl SelfServiceLink<'_> {
    pub fn compose(&self, t: T) -> Content {
        let company = [("company", self.company)];
        let subject = t.fmt("email.self_service.subject", &company);
        let paragraphs =
            vec![t.fmt("email.self_service.body", &company), t.get("email.self_service.expiry").to_string()];
        let footer = vec![t.get("email.self_service.ignore").to_string()];
        render(t, subject, paragraphs, Some((t.get("email.self_service.action"), self.link)), footer)
    }
}

/// The confirmation that a candidate's own deletion is done; it names nobody.
pub struct DataDeleted<'a> {
    pub company: &'a str,
}

impl DataDeleted<'_> {
    pub fn compose(&self, t: T) -> Content {
        let company = [("company", self.company)];
        let subject = t.fmt("email.data_deleted.subject", &company);
        let paragraphs = vec![t.fmt("email.data_deleted.body", &company), t.get("email.data_deleted.kept").to_string()];
        render(t, subject, paragraphs, None, Vec::new())
    }
}

/// "Du har allerede søkt på …": to the owner of an address someone applied with again to the same posting. The
/// form answered as for any application; only the address's owner learns that it was a repeat.
pub struct AlreadyApplied<'a> {
    pub first_name: &'a str,
    pub title: &'a str,
    pub company: &'a str,
}

impl AlreadyApplied<'_> {
    pub fn compose(&self, t: T) -> Content {
        let args = [("title", self.title), ("company", self.company)];
        let subject = t.fmt("email.already_applied.subject", &args);
        let paragraphs =
            vec![t.fmt("email.greeting", &[("name", self.first_name)]), t.fmt("email.already_applied.body", &args)];
        let footer = vec![t.get("email.already_applied.ignore").to_string()];
        render(t, subject, paragraphs, None, footer)
    }
}

/// "Your consent expires …": to a candidate in the talent pool, 30 days before their consent runs out, with the
/// single-use "Forleng samtykke" link.
pub struct ConsentRenewal<'a> {
    pub first_name: &'a str,
    pub company: &'a str,
    /// The expiry, as the language writes dates.
    pub expires: &'a str,
    pub months: i64,
    pub link: &'a str,
}

impl ConsentRenewal<'_> {
    pub fn compose(&self, t: T) -> Content {
        let args = [("company", self.company), ("date", self.expires)];
        let subject = t.fmt("email.talent_pool.subject", &args);
        let months = self.months.to_string();
        let paragraphs = vec![
            t.fmt("email.greeting", &[("name", self.first_name)]),
            t.fmt("email.talent_pool.body", &args),
            t.fmt("email.talent_pool.renew", &[("months", &months)]),
        ];
        let footer = vec![t.fmt("email.talent_pool.ignore", &[("date", self.expires)])];
        render(t, subject, paragraphs, Some((t.get("talent_pool.renew"), self.link)), footer)
    }
}

/// To an interviewer: an interview was booked, moved or called off (`kind`: `invited`, `changed`, `cancelled`),
/// with the calendar invitation attached by the caller.
pub struct InterviewNotice<'a> {
    pub kind: &'a str,
    pub first_name: &'a str,
    pub candidate: &'a str,
    pub title: &'a str,
    /// Date and time as the language writes them, and the place or link.
    pub when: &'a str,
    pub place: &'a str,
    /// The profile, for an interviewer; none for the candidate.
    pub link: Option<&'a str>,
}

impl InterviewNotice<'_> {
    pub fn compose(&self, t: T) -> Content {
        let args = [("candidate", self.candidate), ("title", self.title), ("when", self.when), ("place", self.place)];
        let (subject, body) = match self.kind {
            "cancelled" => ("email.interview.cancelled.subject", "email.interview.cancelled.body"),
            "changed" => ("email.interview.changed.subject", "email.interview.changed.body"),
            _ => ("email.interview.invited.subject", "email.interview.invited.body"),
        };
        let paragraphs = vec![t.fmt("email.greeting", &[("name", self.first_name)]), t.fmt(body, &args)];
        let action = self.link.map(|l| (t.get("email.mentioned.action"), l));
        render(t, t.fmt(subject, &args), paragraphs, action, Vec::new())
    }
}

/// To an interviewer after the interview, once, while they have not evaluated the application.
pub struct EvaluationReminder<'a> {
    pub first_name: &'a str,
    pub candidate: &'a str,
    pub title: &'a str,
    pub link: &'a str,
}

impl EvaluationReminder<'_> {
    pub fn compose(&self, t: T) -> Content {
        let args = [("candidate", self.candidate), ("title", self.title)];
        let paragraphs =
            vec![t.fmt("email.greeting", &[("name", self.first_name)]), t.fmt("email.interview.remind.body", &args)];
        let subject = t.fmt("email.interview.remind.subject", &args);
        render(t, subject, paragraphs, Some((t.get("email.interview.remind.action"), self.link)), Vec::new())
    }
}

/// An email written by the company (e.g. a posting's confirmation email): the text as written, placeholders
/// already filled in; paragraphs are separated by blank lines.
pub fn from_text(t: T, subject: &str, body: &str) -> Content {
    let paragraphs: Vec<String> =
        body.split("\n\n").map(|p| p.trim_end().to_string()).filter(|p| !p.is_empty()).collect();
    render(t, subject.to_string(), paragraphs, None, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn invitation_in_both_languages_carries_the_link_and_escapes_names() {
        let inv = Invitation {
            company: "Fjord & Fjell AS",
            inviter: "Kari <Nordmann>",
            invitee_first_name: "Bjørn",
            link: "https://ansett.example/invitations/abc",
            valid_days: 7,
        };
        let nb = inv.compose(T(Language::Nb));
        assert!(nb.subject.contains("Fjord & Fjell AS"));
        assert!(nb.text.contains("Hei Bjørn") && nb.text.contains("https://ansett.example/invitations/abc"));
        assert!(
            nb.html.contains("lang=\"nb\"") && nb.html.contains("Fjord &#38; Fjell AS")
                || nb.html.contains("Fjord &amp; Fjell AS")
        );
        assert!(!nb.html.contains("<Nordmann>"), "names are escaped in HTML");
        let en = inv.compose(T(Language::En));
        assert!(en.text.contains("Hi Bjørn") && en.html.contains("lang=\"en\""));
        assert_ne!(nb.subject, en.subject);
    }
}
