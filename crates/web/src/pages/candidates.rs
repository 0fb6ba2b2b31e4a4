//! Kandidater: the candidates the viewer may see, the "Kilde" filter, and "Source til utlysning" (article step 5).

use app::candidates::{ArchivedChoice, Filters, ListPage, ListParams, ListRow, Sort};
use app::{App, AppError};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::i18n::T;
use domain::{CandidateId, Capability, PostingId};

use crate::context::Staff;
use crate::error::WebError;
use crate::layout::{date, render, Layout};
use crate::pages::bulk::{refusal, selection_problem, template_choices, Selection};
use crate::pages::screening::source_label;

struct Row {
    id: String,
    name: String,
    email: String,
    posting: String,
    step: String,
    source: String,
    count: i64,
    when: String,
    select_label: String,
    /// «Tildelt»: the assignee's initials and full name.
    assignee: Option<(String, String)>,
}

/// A sortable column header: a link that sorts by it (or turns the order round), and `aria-sort` when active.
struct SortHeader {
    label: &'static str,
    href: String,
    aria_sort: &'static str,
    arrow: &'static str,
}

#[derive(Template)]
#[template(path = "candidates.html")]
struct ListView {
    l: Layout,
    rows: Vec<Row>,
    problems: Vec<&'static str>,
    several: Vec<Several>,
    /// Where the script fetches the labels Kilde and Stilling suggest: an address per company, viewer, reach and
    /// `postings_version`, so the browser keeps the answer until the postings change.
    choices_src: String,
    steps: Vec<(String, String)>,
    /// (code, label) of «Vurdering» and (id, name) of «Tagger».
    triage_options: Vec<(&'static str, &'static str)>,
    tags: Vec<(String, String)>,
    /// (user id, name) for «Tildelt».
    employees: Vec<(String, String)>,
    archived_options: Vec<(&'static str, &'static str)>,
    f: FormValues,
    name_header: SortHeader,
    date_header: SortHeader,
    first: Option<String>,
    previous: Option<String>,
    next: Option<String>,
    last: Option<String>,
    export: Option<String>,
    can_source: bool,
    filtered: bool,
}

/// A Kilde or Stilling whose text fits several postings: links to the list with each of them chosen, so one can
/// choose without script (issue 24: the page no longer lists the postings).
struct Several {
    problem: String,
    fits: Vec<(String, String)>,
}

/// What the filter form shows: the values that were understood.
struct FormValues {
    q: String,
    /// The Kilde posting's id (carried to «Source til utlysning»), and what the Kilde field shows: the chosen
    /// posting's label, or the text that chose none.
    kilde: String,
    kilde_text: String,
    stilling: String,
    stilling_text: String,
    steg: String,
    fra: String,
    til: String,
    arkiverte: &'static str,
    talentbank: bool,
    triage: &'static str,
    tagg: String,
    tildelt: String,
    /// Kept through filtering; empty for the default order.
    sort: &'static str,
}

/// The first value of each parameter; a repeated or unknown one cannot fail the page.
fn params(raw: Option<String>) -> ListParams {
    let mut p = ListParams::default();
    let mut seen = Vec::new();
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        if seen.contains(&k) {
            continue;
        }
        let slot = match k.as_ref() {
            "kilde" => &mut p.kilde,
            "stilling" => &mut p.stilling,
            "steg" => &mut p.steg,
            "fra" => &mut p.fra,
            "til" => &mut p.til,
            "arkiverte" => &mut p.arkiverte,
            "talentbank" => &mut p.talentbank,
            "triage" => &mut p.triage,
            "tagg" => &mut p.tagg,
            "tildelt" => &mut p.tildelt,
            "q" => &mut p.q,
            "sort" => &mut p.sort,
            "cursor" => &mut p.cursor,
            _ => continue,
        };
        *slot = v.to_string();
        seen.push(k);
    }
    p
}

/// The list's address for `filters` in `sort`, at `cursor` (empty: the first page).
fn list_query(filters: &Filters, sort: Sort, cursor: &str) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    let values = [
        ("q", filters.query.as_str()),
        ("kilde", filters.source.as_deref().unwrap_or("")),
        ("stilling", filters.posting.as_deref().unwrap_or("")),
        ("steg", filters.step.as_deref().unwrap_or("")),
        ("fra", filters.from.as_deref().unwrap_or("")),
        ("til", filters.to.as_deref().unwrap_or("")),
        ("arkiverte", if filters.archived == ArchivedChoice::Hide { "" } else { filters.archived.code() }),
        ("talentbank", if filters.talent_pool { app::candidates::TALENT_POOL_ON } else { "" }),
        ("triage", filters.triage.map_or("", |t| t.code())),
        ("tagg", filters.tag.as_deref().unwrap_or("")),
        ("tildelt", filters.assigned.as_deref().unwrap_or("")),
        ("sort", if sort == Sort::default() { "" } else { sort.code() }),
        ("cursor", cursor),
    ];
    for (k, v) in values.into_iter().filter(|(_, v)| !v.is_empty()) {
        s.append_pair(k, v);
    }
    s.finish()
}

fn href(path: &str, query: String) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

fn sort_header(filters: &Filters, label: &'static str, up: Sort, down: Sort, first: Sort) -> SortHeader {
    let current = filters.sort;
    let (aria_sort, arrow, next) = if current == up {
        ("ascending", "▲", down)
    } else if current == down {
        ("descending", "▼", up)
    } else {
        ("", "", first)
    };
    SortHeader { label, href: href("/candidates", list_query(filters, next, "")), aria_sort, arrow }
}

fn row(t: T, c: ListRow, employees: &[(String, String)]) -> Row {
    let name = crate::layout::candidate_name(t, &c.first_name, &c.last_name);
    let assignee =
        c.assigned_to.as_ref().and_then(|id| employees.iter().find(|(e, _)| e == id.as_str())).map(|(_, full)| {
            let initials: String =
                full.split_whitespace().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect();
            (initials, t.fmt("assign.assigned_to", &[("name", full)]))
        });
    Row {
        assignee,
        select_label: t.fmt("candidates.select", &[("name", &name)]),
        source: source_label(t, &c.source_kind, c.source_title.as_deref(), c.sourced_by.as_deref()),
        when: date(t, c.applied_at),
        id: c.id.to_string(),
        name,
        email: c.email,
        posting: c.posting_title,
        step: c.step_name,
        count: c.applications,
    }
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let p = params(raw);
    let ListPage { rows, filters: f, problems, options, previous, next, at_start, at_end } =
        app.candidate_list(&actor, &p).await?;
    let shown = |id: &Option<String>, typed: &str| match id {
        Some(id) => options.postings.label(id).unwrap_or(typed).to_string(),
        None => typed.trim().to_string(),
    };
    let several = options
        .several
        .iter()
        .map(|(param, fits)| {
            let label = t.get(if *param == "kilde" { "candidates.filter.source" } else { "candidates.filter.posting" });
            let fits = fits
                .iter()
                .map(|(id, name)| {
                    let mut chosen = f.clone();
                    if *param == "kilde" {
                        chosen.source = Some(id.clone());
                    } else {
                        chosen.posting = Some(id.clone());
                    }
                    (href("/candidates", list_query(&chosen, f.sort, "")), name.clone())
                })
                .collect();
            Several { problem: t.fmt("candidates.several", &[("field", label)]), fits }
        })
        .collect();
    let reach = match actor.reach {
        domain::Reach::Company => "c",
        domain::Reach::Relations { .. } => "r",
    };
    let choices_key =
        format!("{}.{}.{reach}.{}", actor.principal.company_id, actor.principal.user_id, actor.postings_version);
    let page_href = |cursor: &str| href("/candidates", list_query(&f, f.sort, cursor));
    let last_cursor = app::candidates::encode_cursor(f.sort, &app::candidates::Seek::Last);
    let filtered = f.source.is_some()
        || f.posting.is_some()
        || f.step.is_some()
        || f.from.is_some()
        || f.to.is_some()
        || f.archived != ArchivedChoice::Hide
        || f.talent_pool
        || f.triage.is_some()
        || f.tag.is_some()
        || f.assigned.is_some()
        || !f.query.is_empty();
    let page = ListView {
        l: ctx.layout("candidates.title", "candidates"),
        rows: rows.into_iter().map(|c| row(t, c, &options.employees)).collect(),
        problems: problems.into_iter().map(|key| t.get(key)).collect(),
        several,
        choices_src: href(
            "/candidates/postings",
            url::form_urlencoded::Serializer::new(String::new()).append_pair("v", &choices_key).finish(),
        ),
        steps: options.steps,
        triage_options: crate::pages::triage::options(t),
        tags: options.tags,
        employees: options.employees.clone(),
        archived_options: vec![
            ("skjul", t.get("candidates.archived.hide")),
            ("bare", t.get("candidates.archived.only")),
            ("alle", t.get("candidates.archived.all")),
        ],
        name_header: sort_header(&f, t.get("employees.col.name"), Sort::Name, Sort::NameDesc, Sort::Name),
        date_header: sort_header(&f, t.get("candidates.col.applied"), Sort::Date, Sort::DateDesc, Sort::DateDesc),
        first: (!at_start).then(|| page_href("")),
        previous: previous.map(|c| page_href(&c)),
        next: next.map(|c| page_href(&c)),
        last: (!at_end).then(|| page_href(&last_cursor)),
        export: actor
            .can(Capability::ExportCandidates)
            .then(|| href("/candidates/export.csv", list_query(&f, f.sort, ""))),
        can_source: actor.can(Capability::SourceCandidates),
        filtered,
        f: FormValues {
            q: f.query.clone(),
            kilde: f.source.clone().unwrap_or_default(),
            kilde_text: shown(&f.source, &p.kilde),
            stilling: f.posting.clone().unwrap_or_default(),
            stilling_text: shown(&f.posting, &p.stilling),
            steg: f.step.clone().unwrap_or_default(),
            fra: f.from.clone().unwrap_or_default(),
            til: f.to.clone().unwrap_or_default(),
            arkiverte: f.archived.code(),
            talentbank: f.talent_pool,
            triage: f.triage.map_or("", |t| t.code()),
            tagg: f.tag.clone().unwrap_or_default(),
            tildelt: f.assigned.clone().unwrap_or_default(),
            sort: if f.sort == Sort::default() { "" } else { f.sort.code() },
        },
    };
    Ok(render(&page, StatusCode::OK))
}

/// CSV as spreadsheets open it directly: UTF-8 with a byte order mark, `;` between cells (a Norwegian Excel
/// reads `,` as the decimal sign), CRLF line ends, quotes where needed — and no cell a spreadsheet would run as
/// a formula.
mod csv {
    /// One cell: a leading `= + - @` (or tab/CR, which some spreadsheets skip before one) gets a `'` so it stays
    /// text; quoted when it holds the separator, a quote or a line break.
    pub fn cell(value: &str) -> String {
        let guarded =
            if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
        if guarded.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", guarded.replace('"', "\"\""))
        } else {
            guarded
        }
    }

    pub fn line(out: &mut String, cells: &[&str]) {
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn formulas_are_defused() {
            for (input, expected) in [
                ("=1+1", "'=1+1"),
                ("+4791234567", "'+4791234567"),
                ("-2", "'-2"),
                ("@SUM(A1)", "'@SUM(A1)"),
                ("\t=cmd", "'\t=cmd"),
                ("Kari = sjef", "Kari = sjef"),
            ] {
                assert_eq!(cell(input), expected, "{input}");
            }
        }

        #[test]
        fn separators_quotes_and_line_breaks_are_quoted() {
            assert_eq!(cell("Nordmann; Kari"), "\"Nordmann; Kari\"");
            assert_eq!(cell("Kari \"K\" N"), "\"Kari \"\"K\"\" N\"");
            assert_eq!(cell("a\nb"), "\"a\nb\"");
            assert_eq!(cell("=a;b"), "\"'=a;b\"");
            assert_eq!(cell("Bjørn, Ærlig"), "Bjørn, Ærlig");
            let mut out = String::new();
            line(&mut out, &["a", "b;c", ""]);
            assert_eq!(out, "a;\"b;c\";\r\n");
        }
    }
}

/// "Eksporter CSV": the filtered list, every page (Administrators and Rekrutterere; others get not found).
pub async fn export(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app.export_candidates(&actor, &params(raw)).await?;
    let mut out = String::from("\u{feff}");
    let headers = [
        "employees.col.name",
        "employees.col.email",
        "candidates.col.phone",
        "candidates.col.posting",
        "candidates.col.step",
        "candidates.col.source",
        "candidates.col.applied",
    ];
    csv::line(&mut out, &headers.map(|k| t.get(k)));
    for c in rows {
        let applied = domain::civil_time::ymd(c.applied_at);
        csv::line(
            &mut out,
            &[
                &crate::layout::candidate_name(t, &c.first_name, &c.last_name),
                &c.email,
                c.phone.as_deref().unwrap_or(""),
                &c.posting_title,
                &c.step_name,
                &source_label(t, &c.source_kind, c.source_title.as_deref(), c.sourced_by.as_deref()),
                &applied,
            ],
        );
    }
    let mut r = out.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let disposition = format!("attachment; filename=\"{}.csv\"", t.get("candidates.export_file"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}

#[derive(Template)]
#[template(path = "source.html")]
struct SourceView {
    l: Layout,
    kilde: String,
    show_form: bool,
    chosen: Vec<(CandidateId, String)>,
    targets: Vec<(String, String)>,
    /// The company's email templates, (id, name); none: a hint instead of "Send e-post til kandidatene".
    templates: Vec<(String, String)>,
    may_edit_templates: bool,
    result: Option<String>,
    emailed: Option<String>,
    skipped: Option<String>,
    problem: Option<String>,
}

/// Two steps on one address: the chosen candidates come in and the "Stilling" choice (and optionally an email
/// template) is shown; with `stage=source` and a posting, they are sourced and the result is shown.
pub async fn source(State(app): State<App>, Staff(ctx, actor): Staff, body: Bytes) -> Result<Response, WebError> {
    app.require(&actor, Capability::SourceCandidates)?;
    let t = ctx.t;
    let s = Selection::parse(&body);
    let mut view = SourceView {
        l: ctx.layout("source.title", "candidates"),
        kilde: s.kilde.clone(),
        show_form: false,
        chosen: Vec::new(),
        targets: Vec::new(),
        templates: Vec::new(),
        may_edit_templates: actor.can(Capability::ManageCompanySettings),
        result: None,
        emailed: None,
        skipped: None,
        problem: selection_problem(t, &s.ids),
    };
    if view.problem.is_some() {
        return Ok(render(&view, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let mut status = StatusCode::OK;
    if s.get("stage") == "source" {
        let target = PostingId::parse(s.get("posting")).ok_or(WebError(AppError::NotFound))?;
        let kilde = PostingId::parse(&s.kilde);
        let template = (s.get("send_email") == "1").then(|| s.get("template"));
        match app.source_candidates(&actor, &s.ids, &target, kilde.as_ref(), template).await {
            Ok(outcome) => {
                let n = outcome.sourced.len().to_string();
                view.result = Some(t.fmt("source.result", &[("n", &n), ("title", &outcome.title)]));
                if template.is_some() {
                    view.emailed = Some(t.fmt("bulk.email.result", &[("n", &outcome.emailed.to_string())]));
                }
                if !outcome.skipped.is_empty() {
                    view.skipped = Some(t.fmt("source.skipped", &[("names", &outcome.skipped.join(", "))]));
                }
                return Ok(render(&view, StatusCode::OK));
            }
            Err(e) => {
                let (refused, message) = refusal(t, e)?;
                view.problem = Some(message);
                status = refused;
            }
        }
    }
    // Who was chosen and where they can go (again, below the problem, when the choice was refused).
    view.chosen = app.chosen_candidates(&actor, &s.ids).await?;
    view.targets = app.source_targets(&actor).await?.into_iter().map(|p| (p.id.to_string(), p.title)).collect();
    view.templates = template_choices(&app, &actor).await?;
    view.show_form = true;
    Ok(render(&view, status))
}

/// The labels Kilde and Stilling suggest, `["…"]`, newest first: fetched once by the page's script and kept by
/// the browser under the page's address for them (which changes with the postings; the query is only that key).
pub async fn posting_choices(State(app): State<App>, Staff(_, actor): Staff) -> Result<Response, WebError> {
    let choices = app.candidate_posting_choices(&actor).await?;
    let mut r = axum::Json(choices.labels()).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    Ok(r)
}

/// The Steg choices of a Stilling, `[{"id", "name"}]`: the filter form refreshes "Steg" when Stilling changes.
pub async fn filter_steps(
    State(app): State<App>,
    Staff(_, actor): Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let steps = app.candidate_filter_steps(&actor, &params(raw).stilling).await?;
    let body: Vec<serde_json::Value> =
        steps.into_iter().map(|(id, name)| serde_json::json!({ "id": id, "name": name })).collect();
    Ok(axum::Json(body).into_response())
}
