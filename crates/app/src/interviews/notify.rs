//! The emails of an interview: the candidate's (the chosen template when it is booked, a short notice when it
//! is moved or called off) and each interviewer's, in their own language, all carrying the same iCalendar
//! object; and the reminder to evaluate once it is over.

use domain::civil_time::{local_ms, ymd, DAY_MS};
use domain::i18n::T;
use domain::icalendar::{Event, Method, Person, Place};
use domain::Language;
use store::applications::ListedApplication;
use store::interviews::{self, Interview, Interviewer};
use store::{candidates, postings, Tx};

use crate::email_templates::CandidateEmail;
use crate::public::date_in;
use crate::{Actor, App, AppError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Invited,
    Changed,
    Cancelled,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Invited => "invited",
            Kind::Changed => "changed",
            Kind::Cancelled => "cancelled",
        }
    }
}

/// Reminders handled per query of the pass.
const BATCH: i64 = 100;

/// "12.01.2027 10:00–10:45" (Norwegian time), as `language` writes dates.
pub(crate) fn when_text(language: Language, starts_at: i64, ends_at: i64) -> String {
    let clock = |ms: i64| {
        let minute = local_ms(ms).rem_euclid(DAY_MS) / 60_000;
        format!("{:02}:{:02}", minute / 60, minute % 60)
    };
    format!("{} {}–{}", date_in(language, &ymd(starts_at)), clock(starts_at), clock(ends_at))
}

impl App {
    /// Queues the candidate's and every interviewer's email about `i` (as it now is), inside `tx`.
    /// `candidate_email`: the filled template when the interview is booked.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn notify_interview(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        i: &Interview,
        kind: Kind,
        candidate_email: Option<CandidateEmail>,
        now: i64,
    ) -> Result<(), AppError> {
        let company = &actor.principal.company_id;
        let posting = postings::get(tx, company, &app.posting_id).await?.ok_or(AppError::NotFound)?;
        let candidate = candidates::get(tx, company, &app.candidate_id).await?.ok_or(AppError::NotFound)?;
        if candidate.anonymised_at.is_some() {
            return Err(AppError::Refused("privacy.anonymised_refused"));
        }
        let people = self.interviewers(tx, actor, i).await?;
        let mut attendees = vec![Person { name: &candidate.first_name, email: &candidate.email }];
        let names: Vec<String> = people.iter().map(Interviewer::full_name).collect();
        let candidate_name = candidate.full_name();
        attendees[0].name = &candidate_name;
        attendees.extend(people.iter().zip(&names).map(|(p, n)| Person { name: n, email: &p.email }));
        let method = if kind == Kind::Cancelled { Method::Cancel } else { Method::Request };
        let ics = self.calendar(actor, &posting.title, i, method, &attendees, now);

        // The candidate, in the posting's language.
        let t = T(posting.language);
        let when = when_text(posting.language, i.starts_at, i.ends_at);
        let place_args = [("when", when.as_str()), ("place", i.place.as_str())];
        let content = match candidate_email {
            Some(filled) => {
                let details = t.fmt("email.interview.details", &place_args);
                let body = format!("{}\n\n{details}", filled.content.text.trim_end());
                mail::from_text(t, &filled.content.subject, &body)
            }
            None => mail::InterviewNotice {
                kind: kind.code(),
                first_name: &candidate.first_name,
                candidate: &candidate_name,
                title: &posting.title,
                when: &when,
                place: &i.place,
                link: None,
            }
            .compose(t),
        };
        let email = CandidateEmail { to: candidate.email.clone(), to_name: candidate_name.clone(), content };
        let email = CandidateEmail { content: email.content.with_calendar(ics.clone()), ..email };
        self.email_candidate(tx, actor, app, email, now).await?;

        // Each interviewer, in their own language.
        let link = self.link(&format!("candidates/{}#interviews", app.candidate_id));
        for p in &people {
            let language = Language::from_code(&p.language).unwrap_or_default();
            let content = mail::InterviewNotice {
                kind: kind.code(),
                first_name: &p.first_name,
                candidate: &candidate_name,
                title: &posting.title,
                when: &when_text(language, i.starts_at, i.ends_at),
                place: &i.place,
                link: Some(&link),
            }
            .compose(T(language))
            .with_calendar(ics.clone());
            self.queue_email(tx, actor, &p.email, &p.full_name(), content, Some(&app.candidate_id), now).await?;
        }
        Ok(())
    }

    /// Interviewers taken off a changed interview get its cancellation (naming only them).
    pub(super) async fn notify_removed(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        app: &ListedApplication,
        i: &Interview,
        removed: &[Interviewer],
        now: i64,
    ) -> Result<(), AppError> {
        let link = self.link(&format!("candidates/{}#interviews", app.candidate_id));
        for p in removed {
            let name = p.full_name();
            let attendee = [Person { name: &name, email: &p.email }];
            let ics = self.calendar(actor, &app.posting_title, i, Method::Cancel, &attendee, now);
            let language = Language::from_code(&p.language).unwrap_or_default();
            let content = mail::InterviewNotice {
                kind: Kind::Cancelled.code(),
                first_name: &p.first_name,
                candidate: &app.full_name(),
                title: &app.posting_title,
                when: &when_text(language, i.starts_at, i.ends_at),
                place: &i.place,
                link: Some(&link),
            }
            .compose(T(language))
            .with_calendar(ics);
            self.queue_email(tx, actor, &p.email, &name, content, Some(&app.candidate_id), now).await?;
        }
        Ok(())
    }

    /// The iCalendar object of `i` as it now is: UID from its id, SEQUENCE its version, the sender as ORGANIZER.
    fn calendar(&self, actor: &Actor, title: &str, i: &Interview, method: Method, who: &[Person], now: i64) -> String {
        let host = self.config.public_url.host_str().unwrap_or("localhost");
        let uid = format!("{}@{host}", i.id);
        let organizer = mail::sender_address(&self.config.smtp_from).unwrap_or_else(|| format!("noreply@{host}"));
        let t = T(actor.company.default_language);
        let summary = t.fmt("interview.summary", &[("title", title), ("company", &actor.company.name)]);
        Event {
            method,
            uid: &uid,
            sequence: i.sequence,
            stamp_ms: now,
            start_ms: i.starts_at,
            end_ms: i.ends_at,
            summary: &summary,
            description: "",
            place: Place::of(&i.place),
            organizer: Person { name: &actor.company.name, email: &organizer },
            attendees: who,
        }
        .render()
    }

    /// One reminder pass at `now` (the server runs it every ten minutes; tests pass their own clock): each
    /// interviewer of an interview that has ended, who has not evaluated the application, is emailed once.
    /// Returns how many were reminded.
    pub async fn interview_reminders(&self, now: i64) -> Result<usize, AppError> {
        let mut sent = 0;
        loop {
            let due = {
                let mut conn = self.db.conn().await?;
                interviews::due_reminders(&mut conn, now, BATCH).await?
            };
            if due.is_empty() {
                break;
            }
            for d in &due {
                let mut tx = self.db.write().await?;
                // Marked first, in the same transaction: another server's pass finds it taken.
                if interviews::mark_reminded(&mut tx, &d.company_id, &d.interview_id, &d.user_id, now).await? {
                    let language = Language::from_code(&d.language).unwrap_or_default();
                    let candidate = format!("{} {}", d.candidate_first_name, d.candidate_last_name);
                    let link = self.link(&format!("candidates/{}#app-{}", d.candidate_id, d.application_id));
                    let content = mail::EvaluationReminder {
                        first_name: &d.first_name,
                        candidate: &candidate,
                        title: &d.posting_title,
                        link: &link,
                    }
                    .compose(T(language));
                    let company = d.company_id.clone();
                    let to = &d.email;
                    self.queue_company_email(
                        &mut tx,
                        &company,
                        None,
                        to,
                        &d.first_name,
                        content,
                        Some(&d.candidate_id),
                        now,
                    )
                    .await?;
                    sent += 1;
                }
                tx.commit().await?;
            }
        }
        if sent > 0 {
            self.mailer.wake();
        }
        Ok(sent)
    }
}
