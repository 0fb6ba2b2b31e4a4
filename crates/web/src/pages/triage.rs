//! Triage and tags (issue 22, part 2): the «Ikke vurdert» / «Stjernemarkert» / «Følg opp» toggle group on board
//! cards and the profile, «Legg til tagg» and removing a tag on the profile, and Bedriftsinnstillinger →
//! «Tagger» (rename, merge).

use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::i18n::T;
use domain::triage::Triage;
use domain::{ApplicationId, CandidateId, TagId};
use serde::Deserialize;

use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{render, Layout};
use crate::pages::candidate::{profile_again, Feedback};
use crate::pages::screening::parse_id;

/// (code, label) of every triage state, for the filters.
pub fn options(t: T) -> Vec<(&'static str, &'static str)> {
    Triage::ALL.iter().map(|s| (s.code(), t.get(s.label_key()))).collect()
}

pub struct ToggleButton {
    /// What pressing it sets: its own state, or «Ikke vurdert» again when it is the one pressed.
    pub value: &'static str,
    pub icon: &'static str,
    pub label: &'static str,
    pub pressed: bool,
}

/// The toggle group of one application: a form of three buttons, each with `aria-pressed`.
pub struct Toggle {
    pub application_id: String,
    /// The group's accessible name, naming the candidate (a board has many groups).
    pub group_label: String,
    /// `board` or `profile`: where the form returns to.
    pub back: &'static str,
    /// The board's own narrowing (`triage=…&tagg=…`), kept when it returns there.
    pub board_query: String,
    pub buttons: Vec<ToggleButton>,
}

impl Toggle {
    pub fn new(
        t: T,
        application_id: &ApplicationId,
        code: &str,
        name: &str,
        back: &'static str,
        board_query: &str,
    ) -> Toggle {
        let current = Triage::from_code(code).unwrap_or_default();
        let buttons = Triage::ALL
            .into_iter()
            .map(|s| {
                let pressed = s == current;
                let value = if pressed { Triage::NotEvaluated.code() } else { s.code() };
                ToggleButton { value, icon: s.icon(), label: t.get(s.label_key()), pressed }
            })
            .collect();
        Toggle {
            application_id: application_id.to_string(),
            group_label: t.fmt("triage.group", &[("name", name)]),
            back,
            board_query: board_query.to_string(),
            buttons,
        }
    }
}

/// The board's narrowing as its URL carries it: only `triage` and `tagg`, each a plausible value.
pub fn board_query(triage: Option<&str>, tag: Option<&str>) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    if let Some(t) = triage.and_then(Triage::from_code) {
        q.append_pair("triage", t.code());
    }
    if let Some(tag) = tag.and_then(|t| parse_id::<TagId>(t).ok()) {
        q.append_pair("tagg", tag.as_str());
    }
    q.finish()
}

#[derive(Deserialize, Default)]
pub struct TriageForm {
    #[serde(default)]
    triage: String,
    back: Option<String>,
    #[serde(default)]
    board_query: String,
}

/// One press of the toggle group: sets the state and returns to the card or the application.
pub async fn set(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<TriageForm>,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    let a = match app.set_triage(&actor, &id, &form.triage).await {
        Ok(a) => a,
        // The buttons send only the states there are: anything else was made up, like a step of another posting.
        Err(AppError::Invalid(_)) => return Err(AppError::NotFound.into()),
        Err(e) => return Err(e.into()),
    };
    let to = if form.back.as_deref() == Some("board") {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(form.board_query.as_bytes()).into_owned().collect();
        let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let q = board_query(value("triage"), value("tagg"));
        let sep = if q.is_empty() { "" } else { "?" };
        format!("/jobs/{}/board{sep}{q}#card-{id}", a.posting_id)
    } else {
        format!("/candidates/{}#app-{id}", a.candidate_id)
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize, Default)]
pub struct TagForm {
    #[serde(default)]
    tag: String,
}

/// «Legg til tagg» on the profile; a refused name comes back with its error next to the field.
pub async fn add_tag(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<TagForm>,
) -> Result<Response, WebError> {
    let id: CandidateId = parse_id(&id)?;
    match app.add_tag(&actor, &id, &form.tag).await {
        Ok(_) => Ok(Redirect::to(&format!("/candidates/{id}#tags")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = ctx.t;
            let error = errors.0.first().map(|e| format!("{}: {}", t.get("tags.add_field"), t.field_error(e)));
            let fb = Feedback::tag(error, form.tag);
            profile_again(&app, &ctx, &actor, &id, fb).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn remove_tag(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path((id, tag)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (id, tag): (CandidateId, TagId) = (parse_id(&id)?, parse_id(&tag)?);
    app.remove_tag(&actor, &id, &tag).await?;
    Ok(Redirect::to(&format!("/candidates/{id}#tags")).into_response())
}

struct TagRow {
    id: String,
    name: String,
    count: String,
    rename_label: String,
    merge_label: String,
}

#[derive(Template)]
#[template(path = "settings_tags.html")]
struct TagsView {
    l: Layout,
    sub: &'static str,
    notice: Option<&'static str>,
    /// The tag whose form failed, and why.
    error: Option<(String, String)>,
    rows: Vec<TagRow>,
}

#[derive(Deserialize, Default)]
pub struct Saved {
    renamed: Option<String>,
    merged: Option<String>,
}

async fn tags_page(
    app: &App,
    ctx: &crate::context::Ctx,
    actor: &app::Actor,
    notice: Option<&'static str>,
    error: Option<(String, String)>,
) -> Result<TagsView, WebError> {
    let t = ctx.t;
    let rows = app
        .tag_settings(actor)
        .await?
        .into_iter()
        .map(|tag| TagRow {
            count: t.fmt("tags.count", &[("n", &tag.candidates.to_string())]),
            rename_label: t.fmt("tags.rename_label", &[("name", &tag.name)]),
            merge_label: t.fmt("tags.merge_label", &[("name", &tag.name)]),
            id: tag.id.to_string(),
            name: tag.name,
        })
        .collect();
    Ok(TagsView { l: ctx.layout("tags.heading", "settings"), sub: "tags", notice, error, rows })
}

/// Bedriftsinnstillinger → «Tagger» (Administrators).
pub async fn settings(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    let notice =
        if q.renamed.is_some() { Some(ctx.t.get("tags.renamed")) } else { q.merged.map(|_| ctx.t.get("tags.merged")) };
    Ok(render(&tags_page(&app, &ctx, &actor, notice, None).await?, StatusCode::OK))
}

#[derive(Deserialize, Default)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

pub async fn rename(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<RenameForm>,
) -> Result<Response, WebError> {
    let id: TagId = parse_id(&id)?;
    match app.rename_tag(&actor, &id, &form.name).await {
        Ok(()) => Ok(Redirect::to("/settings/tags?renamed=1").into_response()),
        Err(AppError::Invalid(errors)) => {
            let t = ctx.t;
            let message = errors.0.first().map(|e| t.field_error(e)).unwrap_or_default();
            let page = tags_page(&app, &ctx, &actor, None, Some((id.to_string(), message))).await?;
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct MergeForm {
    #[serde(default)]
    into: String,
}

/// Merges the tag into the one chosen: its candidates carry that one, and it is gone.
pub async fn merge(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<MergeForm>,
) -> Result<Response, WebError> {
    let id: TagId = parse_id(&id)?;
    match app.merge_tags(&actor, &id, form.into.trim()).await {
        Ok(()) => Ok(Redirect::to("/settings/tags?merged=1").into_response()),
        Err(AppError::Invalid(_)) => {
            let message = ctx.t.get("tags.merge_choose").to_string();
            let page = tags_page(&app, &ctx, &actor, None, Some((id.to_string(), message))).await?;
            Ok(render(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
