//! Screening: the board ("Gå til screening") with evaluation summaries and drag and drop, moving candidates
//! between steps ("Flytt til steg" + "Flytt"), and CV downloads and PDF previews.

use app::screening::Shown;
use app::{App, AppError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::evaluation::Summary;
use domain::i18n::T;
use domain::{ApplicationId, FileId, PostingId, TagId, UserId};
use serde::Deserialize;

use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{date, render, Layout};
use crate::pages::postings::titled;

/// `title` is `None` when the posting is not one the viewer may see (a Bruker): its name is not shown.
pub fn source_label(t: T, kind: &str, title: Option<&str>, sourced_by: Option<&str>) -> String {
    match (kind, title, sourced_by) {
        ("sourced", Some(title), Some(by)) => t.fmt("source.sourced_by", &[("title", title), ("employee", by)]),
        ("sourced", Some(title), None) => t.fmt("source.sourced", &[("title", title)]),
        ("sourced", None, Some(by)) => t.fmt("source.sourced_elsewhere_by", &[("employee", by)]),
        ("sourced", None, None) => t.get("source.sourced_elsewhere").to_string(),
        (_, title, _) => t.fmt("source.applied", &[("title", title.unwrap_or("–"))]),
    }
}

/// "2 × Ja, 1 × Nei": the recommendations given, best first.
pub fn summary_text(t: T, s: &Summary) -> String {
    s.given().iter().map(|(r, n)| format!("{n} × {}", t.get(r.label_key()))).collect::<Vec<_>>().join(", ")
}

/// An id in a URL, read as its kind (`domain::Id`); anything malformed is not found before it reaches a query.
pub fn parse_id<I: domain::Id>(id: &str) -> Result<I, WebError> {
    I::parse(id).ok_or(WebError(AppError::NotFound))
}

pub struct Card {
    id: String,
    candidate_id: String,
    name: String,
    applied: String,
    /// When it was applied for (ms): drag and drop keeps a column newest first.
    created_at: i64,
    source: String,
    step_id: String,
    summary: Option<String>,
    triage: crate::pages::triage::Toggle,
    /// «Tildelt {name}», and the card's «Tildel til ansatt» for those who may assign.
    assignee: Option<String>,
    assign: Option<crate::pages::assignments::AssignForm>,
    /// «Også søkt via», «Først søkt via».
    duplicates: crate::pages::duplicates::Hints,
}

pub struct Column {
    id: String,
    name: String,
    total: i64,
    cards: Vec<Card>,
    /// "Vis flere": the board with this column showing another page, while it shows fewer than `total`.
    more: Option<String>,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardView {
    l: Layout,
    id: String,
    notice: Option<&'static str>,
    columns: Vec<Column>,
    steps: Vec<(String, String)>,
    /// The narrowing form: (code, label) of the triage states, (id, name) of the tags, and what is chosen.
    triage_options: Vec<(&'static str, &'static str)>,
    tags: Vec<(String, String)>,
    f: Narrowing,
}

/// The board's narrowing as chosen (empty: all).
struct Narrowing {
    triage: &'static str,
    tagg: String,
}

/// The board's query: `moved` after a move, and `show=<step id>.<cards>` for each column "Vis flere" opened
/// further than its first page. Anything else, or unreadable, is left out.
#[derive(Default)]
struct BoardQuery {
    moved: bool,
    show: Vec<(String, usize)>,
    triage: Option<domain::triage::Triage>,
    tag: Option<String>,
}

impl BoardQuery {
    fn parse(pairs: Vec<(String, String)>) -> BoardQuery {
        let mut q = BoardQuery::default();
        for (key, value) in pairs {
            match key.as_str() {
                "moved" => q.moved = true,
                "triage" => q.triage = domain::triage::Triage::from_code(&value),
                "tagg" => q.tag = parse_id::<TagId>(&value).ok().map(|t| t.to_string()),
                "show" => q
                    .show
                    .extend(value.rsplit_once('.').and_then(|(step, n)| Some((step.to_string(), n.parse().ok()?)))),
                _ => {}
            }
        }
        q
    }

    /// The link that shows `cards` of `step` and keeps every other column as it is.
    fn link(&self, posting: &str, column: usize, step: &str, cards: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (s, n) in self.show.iter().filter(|(s, _)| s != step) {
            query.append_pair("show", &format!("{s}.{n}"));
        }
        query.append_pair("show", &format!("{step}.{cards}"));
        let narrowing = self.narrowing();
        let and = if narrowing.is_empty() { "" } else { "&" };
        format!("/jobs/{posting}/board?{}{and}{narrowing}#col-{column}", query.finish())
    }

    /// `triage=…&tagg=…` as chosen: kept by "Vis flere" and by the toggle buttons.
    fn narrowing(&self) -> String {
        crate::pages::triage::board_query(self.triage.map(|t| t.code()), self.tag.as_deref())
    }
}

/// The company's employees as the board needs them: (user id, name) of everyone, and of the active ones when the
/// viewer may assign.
struct People {
    all: Vec<(String, String)>,
    assignable: Option<Vec<(String, String)>>,
}

fn card(t: T, c: app::screening::Card, narrowing: &str, people: &People) -> Card {
    let a = c.application;
    let name = crate::layout::candidate_name(t, &a.first_name, &a.last_name);
    let assignee = a
        .assigned_to
        .as_ref()
        .and_then(|id| people.all.iter().find(|(e, _)| e == id.as_str()))
        .map(|(_, n)| t.fmt("assign.assigned_to", &[("name", n)]));
    let assign = people.assignable.as_ref().map(|active| {
        crate::pages::assignments::AssignForm::new(&a.id, a.assigned_to.as_ref().map(UserId::as_str), "board", active)
    });
    Card {
        duplicates: crate::pages::duplicates::Hints::new(t, &c.duplicates),
        assignee,
        assign,
        triage: crate::pages::triage::Toggle::new(t, &a.id, &a.triage, &name, "board", narrowing),
        name,
        applied: t.fmt("board.applied", &[("date", &date(t, a.created_at))]),
        created_at: a.created_at,
        source: source_label(t, &a.source_kind, a.source_title.as_deref(), a.sourced_by_name.as_deref()),
        summary: (c.summary.total() > 0)
            .then(|| t.fmt("board.evaluations", &[("summary", &summary_text(t, &c.summary))])),
        step_id: a.step_id.to_string(),
        candidate_id: a.candidate_id.to_string(),
        id: a.id.to_string(),
    }
}

/// "Gå til screening": each step's column with its count and its newest cards, "Vis flere" for the rest.
pub async fn board(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let mut q = BoardQuery::parse(pairs);
    let posting: PostingId = parse_id(&id)?;
    // A tag that is not the company's narrows to nothing, as it would name no candidate.
    let tags: Vec<(String, String)> = app.tags(&actor).await?.into_iter().map(|t| (t.id.to_string(), t.name)).collect();
    q.tag = q.tag.filter(|id| tags.iter().any(|(t, _)| t == id));
    let narrowed = narrowed_of(&q);
    let board = app.board(&actor, &posting, Shown::Newest(&q.show), narrowed).await?;
    let details = board.details;
    // The links carry on only what names a step of this posting.
    q.show.retain(|(step, _)| details.steps.iter().any(|s| s.id.as_str() == step));
    let posting_id = details.posting.id.to_string();
    let title = t.fmt("board.title", &[("title", &details.posting.title)]);
    let steps: Vec<(String, String)> = details.steps.iter().map(|s| (s.id.to_string(), s.name.clone())).collect();
    let narrowing = q.narrowing();
    let people = People {
        all: app.employee_names(&actor).await?,
        assignable: if app.may_assign(&actor) { Some(app.assignable(&actor).await?) } else { None },
    };
    let columns = details
        .steps
        .iter()
        .zip(board.columns)
        .enumerate()
        .map(|(i, (s, col))| {
            let shown = col.cards.len();
            let more = (i64::try_from(shown).unwrap_or(i64::MAX) < col.total)
                .then(|| q.link(&posting_id, i, s.id.as_str(), shown + board.page));
            Column {
                id: s.id.to_string(),
                name: s.name.clone(),
                total: col.total,
                cards: col.cards.into_iter().map(|c| card(t, c, &narrowing, &people)).collect(),
                more,
            }
        })
        .collect();
    let page = BoardView {
        l: titled(&ctx, "jobs.title", "jobs", title),
        id: posting_id,
        notice: q.moved.then(|| t.get("profile.moved")),
        columns,
        steps,
        triage_options: crate::pages::triage::options(t),
        f: Narrowing { triage: q.triage.map_or("", |s| s.code()), tagg: q.tag.clone().unwrap_or_default() },
        tags,
    };
    Ok(render(&page, StatusCode::OK))
}

fn narrowed_of(q: &BoardQuery) -> domain::triage::Narrowed<'_> {
    domain::triage::Narrowed { triage: q.triage.map(|t| t.code()), tag: q.tag.as_deref() }
}

#[derive(Deserialize, Default)]
pub struct MoveForm {
    #[serde(default)]
    step: String,
    back: Option<String>,
}

/// "Flytt": from a card or the profile, and from drag and drop (which asks for `back=none` and gets 204).
pub async fn move_application(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    let id: ApplicationId = parse_id(&id)?;
    match app.move_application(&actor, &id, &form.step).await {
        Ok(_) if form.back.as_deref() == Some("none") => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(a) if form.back.as_deref() == Some("board") => {
            Ok(Redirect::to(&format!("/jobs/{}/board?moved=1", a.posting_id)).into_response())
        }
        Ok(a) => Ok(Redirect::to(&format!("/candidates/{}?moved=1", a.candidate_id)).into_response()),
        // A step of another posting, or a tampered value: that step does not exist here.
        Err(AppError::Invalid(_)) => Err(AppError::NotFound.into()),
        Err(e) => Err(e.into()),
    }
}

/// Files are only ever sent to employees who may see the application, as attachments of their real type.
pub async fn download(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    send_file(&app, &actor, &id, false).await
}

/// A PDF shown inside the profile: inline, framed only by this site, and sandboxed (no scripts of its own).
pub async fn preview(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    send_file(&app, &actor, &id, true).await
}

async fn send_file(app: &App, actor: &app::Actor, id: &str, inline: bool) -> Result<Response, WebError> {
    let id: FileId = parse_id(id)?;
    let (file, bytes) = app.download(actor, &id).await?;
    if inline && file.content_type != "application/pdf" {
        return Err(AppError::NotFound.into());
    }
    let ascii: String =
        file.filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let utf8: String =
        url::form_urlencoded::byte_serialize(file.filename.as_bytes()).collect::<String>().replace('+', "%20");
    let kind = if inline { "inline" } else { "attachment" };
    let disposition = format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{utf8}");
    let mut r = axum::body::Body::from_stream(bytes).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if inline {
        // The security-headers layer keeps what a handler set: this one response may be framed by our own pages.
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'; frame-ancestors 'self'"),
        );
    }
    Ok(r)
}
