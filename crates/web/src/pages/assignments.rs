//! «Tildel til ansatt» (issue 22, part 1): the form on the profile (per application) and on each board card, and
//! «Mine oppgaver», the assignee's list.

use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::validate::ErrorCode;
use domain::ApplicationId;
use serde::Deserialize;

use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{date, render, Layout};
use crate::pages::screening::parse_id;

/// The «Tildel til ansatt» form of one application: «Ansatt» (nobody, or an active employee) and «Tildel».
pub struct AssignForm {
    pub application_id: String,
    /// `board` or `profile`: where the form returns to.
    pub back: &'static str,
    /// (user id, name, selected).
    pub options: Vec<(String, String, bool)>,
}

impl AssignForm {
    pub fn new(
        application_id: &ApplicationId,
        assigned_to: Option<&str>,
        back: &'static str,
        employees: &[(String, String)],
    ) -> AssignForm {
        AssignForm {
            application_id: application_id.to_string(),
            back,
            options: employees
                .iter()
                .map(|(id, n)| (id.clone(), n.clone(), Some(id.as_str()) == assigned_to))
                .collect(),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct AssignBody {
    #[serde(default)]
    employee: String,
    back: Option<String>,
}

/// «Tildel» (or the same with nobody: unassign). A refused employee is a clear message on an error page.
pub async fn assign(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<AssignBody>,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    match app.assign(&actor, &id, &form.employee).await {
        Ok(a) if form.back.as_deref() == Some("board") => {
            Ok(Redirect::to(&format!("/jobs/{}/board#card-{id}", a.posting_id)).into_response())
        }
        Ok(a) => {
            // Unassigned (nobody chosen) says so, not that the application is assigned.
            let done = if a.assigned_to.is_none() { "unassigned" } else { "assigned" };
            Ok(Redirect::to(&format!("/candidates/{}?{done}=1#app-{id}", a.candidate_id)).into_response())
        }
        Err(AppError::Invalid(e)) if e.0.iter().any(|f| f.code == ErrorCode::AssigneeDeactivated) => {
            Err(AppError::Refused("assign.refused_deactivated").into())
        }
        Err(AppError::Invalid(_)) => Err(AppError::Refused("assign.refused").into()),
        Err(e) => Err(e.into()),
    }
}

struct TaskRow {
    candidate_id: String,
    application_id: String,
    name: String,
    posting: String,
    step: String,
    assigned: String,
    evaluated: bool,
}

/// One of my upcoming interviews (as interviewer), for «Mine oppgaver».
struct InterviewRow {
    candidate_id: String,
    application_id: String,
    name: String,
    posting: String,
    when: String,
    iso: String,
    place: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksView {
    l: Layout,
    rows: Vec<TaskRow>,
    interviews: Vec<InterviewRow>,
}

/// «Mine oppgaver»: the applications assigned to me, newest first, ✓ where I have evaluated.
pub async fn tasks(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app
        .my_tasks(&actor)
        .await?
        .into_iter()
        .map(|x| TaskRow {
            name: crate::layout::candidate_name(t, &x.first_name, &x.last_name),
            assigned: date(t, x.assigned_at),
            evaluated: x.evaluations > 0,
            candidate_id: x.candidate_id.to_string(),
            application_id: x.application_id.to_string(),
            posting: x.posting_title,
            step: x.step_name,
        })
        .collect();
    let interviews = app
        .my_upcoming_interviews(&actor)
        .await?
        .into_iter()
        .map(|i| InterviewRow {
            name: crate::layout::candidate_name(t, &i.first_name, &i.last_name),
            when: crate::layout::date_time(i.starts_at),
            iso: crate::layout::rfc3339(i.starts_at),
            candidate_id: i.candidate_id.to_string(),
            application_id: i.application_id.to_string(),
            posting: i.posting_title,
            place: i.place,
        })
        .collect();
    Ok(render(&TasksView { l: ctx.layout("tasks.title", "tasks"), rows, interviews }, StatusCode::OK))
}
