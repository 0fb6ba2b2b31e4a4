//! «Planlegg intervju» and «Endre intervju» (one form page for both) and «Avlys intervju»; the profile lists the
//! interviews (see `candidate.rs`). Everything is decided in `app::interviews`.

use app::interviews::{
    Interview, InterviewChoices, InterviewInput, InterviewView, Interviewer, MINUTES_MAX, PLACE_MAX,
};
use app::{Actor, App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::civil_time::{local_ms, ymd, DAY_MS};
use domain::i18n::T;
use domain::{ApplicationId, CandidateId, FieldErrors, InterviewId};

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{candidate_name, date_time, render, rfc3339, Layout};
use crate::pages::postings::titled;
use crate::pages::screening::parse_id;

#[derive(Template)]
#[template(path = "interview_form.html")]
struct FormPage {
    l: Layout,
    action: String,
    back: String,
    heading: String,
    /// Scheduling (with a template choice) or changing.
    new: bool,
    input: InterviewInput,
    team: Vec<(String, String)>,
    templates: Vec<(String, String)>,
    summary: Vec<(String, String, String)>,
    minutes_max: i64,
    place_max: usize,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        let id = format!("f-{field}");
        self.summary.iter().find(|(i, _, _)| *i == id).map(|(_, _, m)| m.as_str())
    }

    fn chosen(&self, user: &str) -> bool {
        self.input.interviewers.iter().any(|u| u == user)
    }
}

fn form_page(ctx: &Ctx, c: InterviewChoices, new: bool, action: String, input: InterviewInput) -> FormPage {
    let t = ctx.t;
    let a = &c.application;
    let name = candidate_name(t, &a.first_name, &a.last_name);
    let title = if new { t.get("interview.schedule") } else { t.get("interview.change") };
    FormPage {
        l: titled(ctx, "candidates.title", "candidates", format!("{title} – {name}")),
        back: format!("/candidates/{}#interviews", a.candidate_id),
        heading: t.fmt("interview.for", &[("candidate", &name), ("posting", &a.posting_title)]),
        new,
        action,
        input,
        team: c.team.iter().map(|m| (m.user_id.to_string(), m.full_name())).collect(),
        templates: c.templates.into_iter().map(|x| (x.id.to_string(), x.name)).collect(),
        summary: Vec::new(),
        minutes_max: MINUTES_MAX,
        place_max: PLACE_MAX,
    }
}

fn input_of(body: &[u8]) -> InterviewInput {
    let f = FormBody::parse(body);
    InterviewInput {
        date: f.text("date"),
        time: f.text("time"),
        minutes: f.text("minutes"),
        place: f.text("place"),
        interviewers: f.all("interviewers").map(str::to_string).collect(),
        template: f.text("template"),
    }
}

fn summary(t: T, errors: &FieldErrors) -> Vec<(String, String, String)> {
    errors
        .0
        .iter()
        .map(|e| {
            let label = match &*e.field {
                "date" => t.get("interview.date"),
                "time" => t.get("interview.time"),
                "minutes" => t.get("interview.minutes"),
                "place" => t.get("interview.place"),
                "interviewers" => t.get("interview.interviewers"),
                _ => t.get("interview.template"),
            };
            (format!("f-{}", e.field), label.to_string(), t.field_error(e))
        })
        .collect()
}

pub async fn new(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    let c = app.interview_choices(&actor, &id).await?;
    let input = InterviewInput { minutes: "60".into(), ..Default::default() };
    let page = form_page(&ctx, c, true, format!("/applications/{id}/interviews"), input);
    Ok(render(&page, StatusCode::OK))
}

pub async fn create(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    let input = input_of(&body);
    match app.schedule_interview(&actor, &id, &input).await {
        Ok(s) => Ok(done(&s.candidate_id, "scheduled")),
        Err(AppError::Invalid(errors)) => {
            let c = app.interview_choices(&actor, &id).await?;
            let mut page = form_page(&ctx, c, true, format!("/applications/{id}/interviews"), input);
            page.summary = summary(ctx.t, &errors);
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

fn done(candidate: &CandidateId, what: &str) -> Response {
    Redirect::to(&format!("/candidates/{candidate}?interview={what}#interviews")).into_response()
}

/// An interview that may still be changed or cancelled, found by the id in its address.
struct Changeable {
    id: InterviewId,
    interview: Interview,
    people: Vec<Interviewer>,
    choices: InterviewChoices,
}

/// The interview, as «Endre intervju» and «Avlys intervju» open it: `app` refuses one the actor may not see or
/// that can no longer change.
async fn changeable(app: &App, actor: &Actor, id: InterviewId) -> Result<Changeable, WebError> {
    let (interview, people, choices) = app.interview_to_change(actor, &id).await?;
    Ok(Changeable { id, interview, people, choices })
}

pub async fn edit(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Changeable { id, interview: i, people, choices: c } = changeable(&app, &actor, parse_id(&id)?).await?;
    let local = local_ms(i.starts_at);
    let minute = local.rem_euclid(DAY_MS) / 60_000;
    let input = InterviewInput {
        date: ymd(i.starts_at),
        time: format!("{:02}:{:02}", minute / 60, minute % 60),
        minutes: ((i.ends_at - i.starts_at) / 60_000).to_string(),
        place: i.place.clone(),
        interviewers: people.into_iter().map(|p| p.user_id.to_string()).collect(),
        template: String::new(),
    };
    Ok(render(&form_page(&ctx, c, false, format!("/interviews/{id}/edit"), input), StatusCode::OK))
}

pub async fn update(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id: InterviewId = parse_id(&id)?;
    let input = input_of(&body);
    match app.change_interview(&actor, &id, &input).await {
        Ok(s) => Ok(done(&s.candidate_id, "changed")),
        Err(AppError::Invalid(errors)) => {
            let c = changeable(&app, &actor, id.clone()).await?.choices;
            let mut page = form_page(&ctx, c, false, format!("/interviews/{id}/edit"), input);
            page.summary = summary(ctx.t, &errors);
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "interview_cancel.html")]
struct CancelPage {
    l: Layout,
    id: InterviewId,
    heading: String,
    when: String,
    iso: String,
    place: String,
    interviewers: String,
    back: String,
}

/// «Avlys intervju», first step: what is cancelled and who is told, with the button that does it (no script
/// needed; the profile's «Avlys intervju» is a link here, as «Slett kandidat» is).
pub async fn confirm_cancel(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Changeable { id, interview: i, people, choices: c } = changeable(&app, &actor, parse_id(&id)?).await?;
    let t = ctx.t;
    let a = &c.application;
    let name = candidate_name(t, &a.first_name, &a.last_name);
    let names: Vec<String> = people.iter().map(|p| p.full_name()).collect();
    let page = CancelPage {
        l: titled(&ctx, "candidates.title", "candidates", t.fmt("interview.cancel_title", &[("name", &name)])),
        heading: t.fmt("interview.for", &[("candidate", &name), ("posting", &a.posting_title)]),
        when: date_time(i.starts_at),
        iso: rfc3339(i.starts_at),
        place: i.place,
        interviewers: names.join(", "),
        back: format!("/candidates/{}#interview-{id}", a.candidate_id),
        id,
    };
    Ok(render(&page, StatusCode::OK))
}

pub async fn cancel(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: InterviewId = parse_id(&id)?;
    let candidate = app.cancel_interview(&actor, &id).await?;
    Ok(done(&candidate, "cancelled"))
}

/// One interview on the profile.
pub struct Line {
    pub id: String,
    pub when: String,
    pub iso: String,
    pub minutes: i64,
    pub posting: String,
    pub place: String,
    pub interviewers: String,
    pub busy: Option<String>,
    pub cancelled: bool,
    pub may_change: bool,
}

/// The profile's «Intervjuer»: (upcoming, past or cancelled), each by time.
pub fn lines(t: T, all: Vec<InterviewView>, now: i64) -> (Vec<Line>, Vec<Line>) {
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for v in all {
        let i = &v.interview;
        let names: Vec<String> = v.interviewers.iter().map(|p| p.full_name()).collect();
        let line = Line {
            id: i.id.to_string(),
            when: date_time(i.starts_at),
            iso: rfc3339(i.starts_at),
            minutes: (i.ends_at - i.starts_at) / 60_000,
            posting: v.posting_title.clone(),
            place: i.place.clone(),
            interviewers: names.join(", "),
            busy: (!v.busy.is_empty()).then(|| t.fmt("interview.busy", &[("names", &v.busy.join(", "))])),
            cancelled: i.cancelled_at.is_some(),
            may_change: v.may_change,
        };
        if i.cancelled_at.is_none() && i.ends_at > now {
            upcoming.push(line);
        } else {
            past.push(line);
        }
    }
    (upcoming, past)
}
