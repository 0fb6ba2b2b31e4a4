//! Bulk actions on the candidates chosen in Kandidater: "Flytt til steg", "Arkiver", "Send e-post" and «Tildel til
//! ansatt». Like
//! "Source til utlysning", each is a confirmation page on its own address that needs no JavaScript: the chosen
//! candidates come in and the choice is shown; with `stage` set, the action is done and its result shown.
//! Administrators and Rekrutterere only; anyone else gets not found.

use app::bulk::BulkOutcome;
use app::{App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::i18n::T;
use domain::validate::ErrorCode;
use domain::{CandidateId, Capability, PostingId};

use crate::context::Staff;
use crate::error::WebError;
use crate::form_body::FormBody;
use crate::layout::{render, Layout};

/// The list's form as it arrives: the ticked candidates, the Kilde filter they were found through, and the
/// confirmation page's own fields.
pub struct Selection {
    form: FormBody,
    pub ids: Vec<String>,
    /// A valid posting id, or empty.
    pub kilde: String,
}

impl Selection {
    pub fn parse(body: &[u8]) -> Selection {
        let form = FormBody::parse(body);
        let ids = form.all("candidate").map(str::to_string).collect();
        let kilde = PostingId::parse(form.get("kilde")).map(|p| p.to_string()).unwrap_or_default();
        Selection { form, ids, kilde }
    }

    /// The first value of `key`, or "".
    pub fn get(&self, key: &str) -> &str {
        self.form.get(key)
    }

    /// The posting chosen in `key`: none when left empty, not found when it is not an id at all.
    fn posting(&self, key: &str) -> Result<Option<PostingId>, WebError> {
        match self.get(key) {
            "" => Ok(None),
            v => PostingId::parse(v).map(Some).ok_or(WebError(AppError::NotFound)),
        }
    }
}

/// Why the selection itself cannot be used (none or too many candidates), as the page says it.
pub fn selection_problem(t: T, ids: &[String]) -> Option<String> {
    app::bulk::check_selection(ids).err().map(|e| match refusal(t, e) {
        Ok((_, message)) => message,
        Err(_) => t.get("source.none_selected").to_string(),
    })
}

/// The status and message of a request refused as a whole; any other error is not the form's to explain.
pub fn refusal(t: T, e: AppError) -> Result<(StatusCode, String), WebError> {
    match e {
        AppError::Refused(key) => Ok((StatusCode::CONFLICT, t.get(key).to_string())),
        AppError::Invalid(errors) => {
            let message = match errors.0.first().map(|e| (&*e.field, e.code)) {
                Some(("candidate", ErrorCode::TooMany { max })) => t.fmt("bulk.too_many", &[("max", &max.to_string())]),
                Some(("template", ErrorCode::Required)) => t.get("bulk.template_required").to_string(),
                Some(("template", _)) => t.get("bulk.template_unknown").to_string(),
                Some(("step", _)) => t.get("bulk.step_unknown").to_string(),
                Some(("employee", ErrorCode::AssigneeDeactivated)) => t.get("assign.refused_deactivated").to_string(),
                Some(("employee", _)) => t.get("assign.refused").to_string(),
                _ => t.get("source.none_selected").to_string(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, message))
        }
        other => Err(other.into()),
    }
}

/// What every confirmation page shows around its own choice.
pub struct Frame {
    /// Where the form posts.
    action: &'static str,
    kilde: String,
    /// (id, full name) of the chosen candidates, carried in the form; empty once the action is done.
    chosen: Vec<(CandidateId, String)>,
    /// The `stage` the form submits.
    next: &'static str,
    result: Option<String>,
    skipped: Option<String>,
    problem: Option<String>,
}

impl Frame {
    fn new(action: &'static str, s: &Selection) -> Frame {
        Frame {
            action,
            kilde: s.kilde.clone(),
            chosen: Vec::new(),
            next: "",
            result: None,
            skipped: None,
            problem: None,
        }
    }

    /// The result line and the names of the candidates left alone.
    fn done(&mut self, t: T, result: String, skipped_key: &'static str, o: &BulkOutcome) {
        self.result = Some(result);
        if !o.skipped.is_empty() {
            self.skipped = Some(t.fmt(skipped_key, &[("names", &o.skipped.join(", "))]));
        }
    }

    /// True (and the message set) when the selection itself cannot be used.
    fn selection_refused(&mut self, t: T, s: &Selection) -> bool {
        self.problem = selection_problem(t, &s.ids);
        self.problem.is_some()
    }

    /// Shows why the action was refused above the form; the status to answer with.
    fn refused(&mut self, t: T, e: AppError) -> Result<StatusCode, WebError> {
        let (status, message) = refusal(t, e)?;
        self.problem = Some(message);
        Ok(status)
    }

    /// The form for the chosen candidates, submitting `next`.
    async fn form(&mut self, app: &App, actor: &app::Actor, s: &Selection, next: &'static str) -> Result<(), WebError> {
        self.chosen = app.chosen_candidates(actor, &s.ids).await?;
        self.next = next;
        Ok(())
    }
}

#[derive(Template)]
#[template(path = "bulk_move.html")]
struct MoveView {
    l: Layout,
    f: Frame,
    /// First stage: the postings to choose among, (id, title).
    postings: Vec<(String, String)>,
    /// Second stage: the chosen posting (id, title) and its steps, (id, name).
    posting: (String, String),
    steps: Vec<(String, String)>,
}

/// "Flytt til steg": choose "Stilling" (`stage=step`), then "Steg" of it (`stage=move`).
pub async fn move_to_step(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    app.require(&actor, Capability::SourceCandidates)?;
    let t = ctx.t;
    let s = Selection::parse(&body);
    let mut v = MoveView {
        l: ctx.layout("bulk.move.title", "candidates"),
        f: Frame::new("/candidates/move", &s),
        postings: Vec::new(),
        posting: Default::default(),
        steps: Vec::new(),
    };
    if v.f.selection_refused(t, &s) {
        return Ok(render(&v, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let mut status = StatusCode::OK;
    let posting = s.posting("posting")?;
    if let (Some(p), "move") = (&posting, s.get("stage")) {
        match app.bulk_move(&actor, &s.ids, p, s.get("step")).await {
            Ok(o) => {
                let n = o.count.to_string();
                v.f.done(t, t.fmt("bulk.move.result", &[("n", &n), ("step", &o.label)]), "bulk.move.skipped", &o);
                return Ok(render(&v, StatusCode::OK));
            }
            Err(e) => status = v.f.refused(t, e)?,
        }
    }
    match posting.filter(|_| !s.get("stage").is_empty()) {
        Some(p) => {
            let (title, steps) = app.bulk_steps(&actor, &p).await?;
            v.posting = (p.to_string(), title);
            v.steps = steps;
            v.f.form(&app, &actor, &s, "move").await?;
        }
        None => {
            v.postings = app.bulk_postings(&actor).await?;
            v.f.form(&app, &actor, &s, "step").await?;
        }
    }
    Ok(render(&v, status))
}

#[derive(Template)]
#[template(path = "bulk_archive.html")]
struct ArchiveView {
    l: Layout,
    f: Frame,
    postings: Vec<(String, String)>,
}

/// "Arkiver": choose "Stilling" or "Alle stillinger" (`stage=archive`).
pub async fn archive(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    app.require(&actor, Capability::SourceCandidates)?;
    let t = ctx.t;
    let s = Selection::parse(&body);
    let mut v = ArchiveView {
        l: ctx.layout("bulk.archive.title", "candidates"),
        f: Frame::new("/candidates/archive", &s),
        postings: Vec::new(),
    };
    if v.f.selection_refused(t, &s) {
        return Ok(render(&v, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let mut status = StatusCode::OK;
    if s.get("stage") == "archive" {
        let posting = s.posting("posting")?;
        match app.bulk_archive(&actor, &s.ids, posting.as_ref()).await {
            Ok(o) => {
                let n = o.count.to_string();
                v.f.done(t, t.fmt("bulk.archive.result", &[("n", &n)]), "bulk.archive.skipped", &o);
                return Ok(render(&v, StatusCode::OK));
            }
            Err(e) => status = v.f.refused(t, e)?,
        }
    }
    v.postings = app.bulk_postings(&actor).await?;
    v.f.form(&app, &actor, &s, "archive").await?;
    Ok(render(&v, status))
}

#[derive(Template)]
#[template(path = "bulk_email.html")]
struct EmailView {
    l: Layout,
    f: Frame,
    /// The company's templates, (id, name); none: a hint instead of the form.
    templates: Vec<(String, String)>,
    may_edit_templates: bool,
}

/// The company's email templates as a form offers them, (id, name).
pub async fn template_choices(app: &App, actor: &app::Actor) -> Result<Vec<(String, String)>, WebError> {
    Ok(app.email_templates(actor).await?.into_iter().map(|t| (t.id.to_string(), t.name)).collect())
}

/// "Send e-post": choose "E-postmal" (`stage=email`); each candidate gets their own email.
pub async fn email(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    app.require(&actor, Capability::SourceCandidates)?;
    let t = ctx.t;
    let s = Selection::parse(&body);
    let mut v = EmailView {
        l: ctx.layout("bulk.email.title", "candidates"),
        f: Frame::new("/candidates/email", &s),
        templates: Vec::new(),
        may_edit_templates: actor.can(Capability::ManageCompanySettings),
    };
    if v.f.selection_refused(t, &s) {
        return Ok(render(&v, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let mut status = StatusCode::OK;
    if s.get("stage") == "email" {
        match app.bulk_email(&actor, &s.ids, s.get("template")).await {
            Ok(o) => {
                let n = o.count.to_string();
                v.f.done(t, t.fmt("bulk.email.result", &[("n", &n)]), "bulk.email.skipped", &o);
                return Ok(render(&v, StatusCode::OK));
            }
            Err(e) => status = v.f.refused(t, e)?,
        }
    }
    v.templates = template_choices(&app, &actor).await?;
    v.f.form(&app, &actor, &s, "email").await?;
    Ok(render(&v, status))
}

#[derive(Template)]
#[template(path = "bulk_assign.html")]
struct AssignView {
    l: Layout,
    f: Frame,
    /// The active employees, (user id, name), and the postings, (id, title).
    employees: Vec<(String, String)>,
    postings: Vec<(String, String)>,
}

/// «Tildel til ansatt»: choose «Ansatt» and "Stilling" or "Alle stillinger" (`stage=assign`).
pub async fn assign(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    app.require(&actor, Capability::SourceCandidates)?;
    let t = ctx.t;
    let s = Selection::parse(&body);
    let mut v = AssignView {
        l: ctx.layout("assign.heading", "candidates"),
        f: Frame::new("/candidates/assign", &s),
        employees: Vec::new(),
        postings: Vec::new(),
    };
    if v.f.selection_refused(t, &s) {
        return Ok(render(&v, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let mut status = StatusCode::OK;
    if s.get("stage") == "assign" {
        let posting = s.posting("posting")?;
        match app.bulk_assign(&actor, &s.ids, posting.as_ref(), s.get("employee")).await {
            Ok(o) => {
                let result = t.fmt("bulk.assign.result", &[("n", &o.count.to_string()), ("name", &o.label)]);
                v.f.done(t, result, "bulk.assign.skipped", &o);
                return Ok(render(&v, StatusCode::OK));
            }
            Err(e) => status = v.f.refused(t, e)?,
        }
    }
    v.employees = app.assignable(&actor).await?;
    v.postings = app.bulk_postings(&actor).await?;
    v.f.form(&app, &actor, &s, "assign").await?;
    Ok(render(&v, status))
}
