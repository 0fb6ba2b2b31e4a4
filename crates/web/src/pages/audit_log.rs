//! Bedriftsinnstillinger → Revisjonslogg (Administrators): who did what to which record, and when, filtered by
//! action and date, a page of 50 at a time; and how many months the log is kept. Everyone else gets 404.

use app::audit_log::{by_candidate, Entry, LogQuery, ACTIONS};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::i18n::T;
use domain::FieldErrors;
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{date_time, render, Layout};

/// The filter as typed; the names are the query string's.
#[derive(Deserialize, Default, Clone)]
pub struct LogParams {
    #[serde(default)]
    handling: String,
    #[serde(default)]
    fra: String,
    #[serde(default)]
    til: String,
    #[serde(default)]
    eldre: String,
    saved: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PeriodForm {
    #[serde(default)]
    audit_months: String,
}

struct Row {
    when: String,
    who: String,
    action: String,
    subject: String,
    /// Where the subject can be opened, if it has a page.
    href: Option<String>,
    detail: String,
}

#[derive(Template)]
#[template(path = "audit_log.html")]
struct LogView {
    l: Layout,
    sub: &'static str,
    f: LogParams,
    actions: Vec<(&'static str, String)>,
    action_error: Option<String>,
    from_error: Option<String>,
    to_error: Option<String>,
    rows: Vec<Row>,
    /// The query string of the next (older) page.
    older: Option<String>,
    filtered: bool,
    period: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    notice: Option<&'static str>,
}

/// The label of an action, or the action's own name when a newer server recorded one this one does not know.
fn action_label(t: T, action: &str) -> String {
    t.lookup(&format!("audit.action.{action}")).unwrap_or(action).to_string()
}

/// Who acted: the employee, the candidate (self-service), or ansett itself (an automatic pass).
fn who(t: T, e: &Entry, detail: &serde_json::Value) -> String {
    match (&e.actor_first_name, &e.actor_last_name) {
        (Some(first), Some(last)) => format!("{first} {last}"),
        _ if by_candidate(&e.action, detail) => t.get("audit.actor.candidate").into(),
        _ => t.get("audit.actor.system").into(),
    }
}

/// What the action was done to, as words and (where it has one) the page that shows it.
fn subject(t: T, subject: &str) -> (String, Option<String>) {
    let Some((kind, id)) = subject.split_once(':') else { return (subject.to_string(), None) };
    // The end of the id: a UUIDv7 begins with its time, so only the end tells two records apart.
    let short = id.get(id.len().saturating_sub(8)..).unwrap_or(id);
    let (key, href) = match kind {
        "candidate" => ("audit.subject.candidate", Some(format!("/candidates/{id}"))),
        "posting" => ("audit.subject.posting", Some(format!("/postings/{id}"))),
        "user" => ("audit.subject.employee", Some(format!("/settings/employees/{id}"))),
        "application" => ("audit.subject.application", None),
        "company" => return (t.get("audit.subject.company").to_string(), None),
        _ => return (subject.to_string(), None),
    };
    (format!("{} {short}", t.get(key)), href)
}

/// A detail object as short `key: value` pairs, keys in the reader's language where the catalog has them: a
/// change shows as `from → to`, a list as its length.
fn detail_text(t: T, detail: &serde_json::Value) -> String {
    use serde_json::Value;
    let key = |k: &str| t.lookup(&format!("audit.detail.{k}")).unwrap_or(k).to_string();
    // Only who or what did it is a code with words of its own; other texts (a title, say) are shown as stored.
    let value = |k: &str, v: &Value| -> String {
        match v {
            Value::String(s) if k == "by" || k == "via" => {
                t.lookup(&format!("audit.value.{s}")).map_or_else(|| s.clone(), str::to_string)
            }
            Value::Array(a) => a.len().to_string(),
            Value::Object(o) if o.contains_key("from") || o.contains_key("to") => {
                let side = |k| o.get(k).map(plain).unwrap_or_default();
                format!("{} → {}", side("from"), side("to"))
            }
            other => plain(other),
        }
    };
    match detail {
        Value::Object(o) => {
            o.iter().map(|(k, v)| format!("{}: {}", key(k), value(k, v))).collect::<Vec<_>>().join(" · ")
        }
        other => plain(other),
    }
}

/// A value as it is: text without quotes, anything nested as compact JSON.
fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "–".into(),
        other => other.to_string(),
    }
}

fn row(t: T, e: Entry) -> Row {
    let detail: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null);
    let (subject, href) = subject(t, &e.subject);
    Row {
        when: date_time(e.created_at),
        who: who(t, &e, &detail),
        action: action_label(t, &e.action),
        subject,
        href,
        detail: detail_text(t, &detail),
    }
}

/// The query string of the page after `cursor`, keeping the filter.
fn older_query(f: &LogParams, cursor: &str) -> String {
    let pairs = [("handling", &f.handling), ("fra", &f.fra), ("til", &f.til)];
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        q.append_pair(k, v);
    }
    q.append_pair("eldre", cursor);
    q.finish()
}

async fn view(
    app: &App,
    ctx: &Ctx,
    actor: &app::Actor,
    f: LogParams,
    period: Option<(&PeriodForm, &FieldErrors)>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let q = LogQuery { action: &f.handling, from: &f.fra, to: &f.til, before: &f.eldre };
    let none = FieldErrors::new();
    let (page, filter_errors) = match app.audit_log(actor, &q).await {
        Ok(page) => (page, None),
        // A filter that cannot be used shows the newest events unfiltered, with the field's message.
        Err(AppError::Invalid(errors)) => (app.audit_log(actor, &LogQuery::default()).await?, Some(errors)),
        Err(e) => return Err(e.into()),
    };
    let error = |field| filter_errors.as_ref().and_then(|e| e.for_field(field)).map(|e| t.field_error(e));
    let (typed, period_errors) = match period {
        Some((form, errors)) => (form.audit_months.clone(), errors),
        None => (page.period_months.to_string(), &none),
    };
    let fields = vec![Field::new(t, "audit_months", "audit.period", "number", "off")
        .value(&typed)
        .max(3)
        .hint(t.get("audit.period_hint").to_string())
        .errors(t, period_errors)];
    let status =
        if period.is_some() || filter_errors.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let view = LogView {
        l: ctx.layout("audit.tab", "settings"),
        sub: "audit_log",
        actions: ACTIONS.iter().map(|a| (*a, action_label(t, a))).collect(),
        action_error: error("action"),
        from_error: error("from"),
        to_error: error("to"),
        rows: page.entries.into_iter().map(|e| row(t, e)).collect(),
        older: page.next.as_deref().map(|c| older_query(&f, c)),
        filtered: !(f.handling.is_empty() && f.fra.is_empty() && f.til.is_empty()),
        summary: summary(&fields),
        period: fields,
        notice: f.saved.as_ref().map(|_| t.get("settings.saved")),
        f,
    };
    Ok(render(&view, status))
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(f): Query<LogParams>,
) -> Result<Response, WebError> {
    view(&app, &ctx, &actor, f, None).await
}

pub async fn save_period(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<PeriodForm>,
) -> Result<Response, WebError> {
    match app.save_audit_period(&actor, &form.audit_months).await {
        Ok(()) => Ok(Redirect::to("/settings/audit-log?saved=1").into_response()),
        Err(AppError::Invalid(errors)) => view(&app, &ctx, &actor, LogParams::default(), Some((&form, &errors))).await,
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn every_recorded_action_has_a_label_in_both_languages() {
        for lang in Language::ALL {
            for action in ACTIONS {
                assert!(T(lang).lookup(&format!("audit.action.{action}")).is_some(), "{action} in {}", lang.code());
            }
        }
    }

    #[test]
    fn details_are_short_pairs() {
        let d = serde_json::json!({ "by": "retention", "files": 2, "candidates": ["a", "b", "c"],
            "retention_months": { "from": 6, "to": 0 } });
        assert_eq!(
            detail_text(T(Language::En), &d),
            "by: the retention period · candidates: 3 · files: 2 · retention period (months): 6 → 0"
        );
        let unknown = serde_json::json!({ "newer_key": "newer value", "list": { "a": 1 }, "title": "staff" });
        assert_eq!(detail_text(T(Language::Nb), &unknown), "list: {\"a\":1} · newer_key: newer value · tittel: staff");
    }

    #[test]
    fn subjects_link_to_their_page() {
        let t = T(Language::En);
        let (text, href) = subject(t, "candidate:0193abcd-1234-7000-8000-00000a1b2c3d");
        assert_eq!(href.as_deref(), Some("/candidates/0193abcd-1234-7000-8000-00000a1b2c3d"));
        assert_eq!(text, "Candidate 0a1b2c3d");
        assert_eq!(subject(t, "application:x").1, None);
    }
}
