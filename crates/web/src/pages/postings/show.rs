//! The posting page: what the posting holds, its public link, and what may be done with it.

use app::postings::PostingDetails;
use app::App;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::posting::FormField;
use domain::EmployeeStatus;
use serde::Deserialize;

use super::{
    date_of, eval_label, field_label, fixed_fields, kind_label, parse_id, position_label, setting_label, status_label,
    step_type_label, titled,
};
use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{render, Layout};
use crate::pages::workplace_view;

#[derive(Template)]
#[template(path = "posting.html")]
struct PostingView {
    l: Layout,
    id: String,
    notice: Option<&'static str>,
    status: &'static str,
    status_code: &'static str,
    can_edit: bool,
    public_url: String,
    position_type: &'static str,
    contact: String,
    deadline: String,
    language: &'static str,
    steps: Vec<(String, &'static str, String)>,
    team: Vec<(String, String, Option<&'static str>)>,
    body_html: String,
    fixed_fields: Vec<&'static str>,
    form_fields: Vec<(&'static str, &'static str)>,
    questions: Vec<(String, &'static str, bool)>,
    email_subject: String,
    email_body: String,
    workplace: Vec<String>,
    salary: Option<String>,
    /// The arbeidsplassen card (`nav_status::panel`).
    nav_panel: String,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    created: Option<String>,
    saved: Option<String>,
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let d: PostingDetails = app.posting(&actor, &parse_id(&id)?).await?;
    let forms = app.evaluation_forms(&actor).await?;
    let p = &d.posting;
    let notice =
        if q.created.is_some() { Some(t.get("posting.created")) } else { q.saved.map(|_| t.get("posting.saved")) };
    let page = PostingView {
        l: titled(&ctx, "jobs.title", "jobs", p.title.clone()),
        id: p.id.to_string(),
        notice,
        status: status_label(t, p.status),
        status_code: p.status.code(),
        can_edit: d.can_edit,
        public_url: d.public_url.clone(),
        position_type: position_label(t, p.position_type),
        contact: d.contact.as_ref().map(|c| c.full_name()).unwrap_or_default(),
        deadline: p
            .deadline
            .as_deref()
            .map(|d| date_of(t, d))
            .unwrap_or_else(|| t.get("posting.no_deadline").to_string()),
        language: p.language.native_name(),
        steps: d
            .steps
            .iter()
            .map(|s| (s.name.clone(), step_type_label(t, s.step_type), eval_label(t, &s.evaluation_form, &forms)))
            .collect(),
        team: d
            .team
            .iter()
            .map(|m| {
                let note = (m.status == EmployeeStatus::Invited).then(|| t.get("posting.team_invited"));
                (m.full_name(), m.email.clone(), note)
            })
            .collect(),
        body_html: domain::markdown::to_safe_html(&p.body),
        fixed_fields: fixed_fields(t),
        form_fields: FormField::ALL
            .iter()
            .map(|f| (field_label(t, *f), setting_label(t, p.form.setting(*f))))
            .collect(),
        questions: p.form.questions.iter().map(|q| (q.text.clone(), kind_label(t, q.kind), q.required)).collect(),
        email_subject: p.email_subject.clone(),
        email_body: p.email_body.clone(),
        workplace: workplace_view::workplace_lines(t, &p.workplace),
        salary: p.salary.as_ref().map(|s| workplace_view::salary_line(t, s)),
        nav_panel: crate::pages::nav_status::panel(&app, &ctx, &actor, &p.id).await?,
    };
    Ok(render(&page, StatusCode::OK))
}
