//! Revisjonslogg (issue 19): an Administrator reads who did what and when — exports, deletions, postponements,
//! CSV and CV downloads, every automatic pass — filtered by action and date, and chooses how many months the log
//! is kept. The log holds ids and counts, never a candidate's name, email or CV text.

use domain::civil_time::{day_start_ms, parse_date};
use domain::retention::{audit_months, months_before};
use domain::validate::{ErrorCode, FieldErrors};
use domain::{AuditEventId, Capability, CompanyId};
/// One line of the log (ids, counts and the acting employee's name).
use store::audit::{self, Filter};

use crate::{Actor, App, AppError};

/// Events on one page of the log.
pub const PAGE: i64 = 50;
/// Events removed per statement when the audit period has passed.
const PURGE_BATCH: i64 = 1_000;

/// Every action ansett records, in the order the filter offers them; each has a label
/// `audit.action.<action>` in the locale files.
pub const ACTIONS: &[&str] = &[
    "candidate.anonymised",
    "candidate.exported",
    "candidate.deletion_postponed",
    "candidate.details_accepted",
    "candidates.exported",
    "file.downloaded",
    "retention.pass",
    "self_service.link_requested",
    "self_service.downloaded",
    "application.withdrawn",
    "talent_pool.reminded",
    "talent_pool.renewed",
    "talent_pool.withdrawn",
    "privacy.policy_changed",
    "audit.period_changed",
    "application.moved",
    "application.rejected",
    "application.archived",
    "application.restored",
    "application.sourced",
    "application.emailed",
    "application.triaged",
    "application.assigned",
    "application.unassigned",
    "candidate.tagged",
    "candidate.untagged",
    "tag.renamed",
    "tag.merged",
    "note.created",
    "note.edited",
    "note.deleted",
    "evaluation.created",
    "interview.scheduled",
    "interview.changed",
    "interview.cancelled",
    "evaluation_form.saved",
    "evaluation_form.deleted",
    "email_template.saved",
    "email_template.deleted",
    "posting.created",
    "posting.updated",
    "company.created",
    "company.settings_changed",
    "employee.invited",
    "invitation.accepted",
    "invitation.resent",
    "invitation.revoked",
    "employee.role_changed",
    "employee.deactivated",
    "employee.reactivated",
    "api_key.created",
    "api_key.revoked",
    "webhook.created",
    "webhook.deleted",
    "webhook.secret_rotated",
];

/// Whether the candidate did it themselves ("Mine data"), not an employee or ansett.
pub fn by_candidate(action: &str, detail: &serde_json::Value) -> bool {
    action.starts_with("self_service.")
        || action == "application.withdrawn"
        || action == "talent_pool.renewed"
        || detail.get("by").and_then(|b| b.as_str()) == Some("candidate")
}

/// A Revisjonslogg request as typed: action (empty: all), from and to (Norwegian dates, both inclusive), and the
/// cursor of the page before (`<created_at>.<id>`, empty for the newest).
#[derive(Clone, Debug, Default)]
pub struct LogQuery<'a> {
    pub action: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub before: &'a str,
}

/// One line of the Revisjonslogg, with the acting employee's name (None: ansett itself or a candidate).
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: AuditEventId,
    pub created_at: i64,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub actor_first_name: Option<String>,
    pub actor_last_name: Option<String>,
}

impl From<audit::Entry> for Entry {
    fn from(r: audit::Entry) -> Self {
        Entry {
            id: r.id,
            created_at: r.created_at,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            actor_first_name: r.actor_first_name,
            actor_last_name: r.actor_last_name,
        }
    }
}

/// One page of the log, and the cursor of the next (older) page if there is one.
#[derive(Clone, Debug)]
pub struct LogPage {
    pub entries: Vec<Entry>,
    pub next: Option<String>,
    pub period_months: i64,
}

/// A typed date (`YYYY-MM-DD`, Norwegian) as the day number, or the field's error; empty is no bound.
fn day(field: &'static str, value: &str, errors: &mut FieldErrors) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let parsed = parse_date(v);
    if parsed.is_none() {
        errors.push(field, ErrorCode::InvalidDate);
    }
    parsed
}

fn filter(q: &LogQuery) -> Result<Filter, AppError> {
    let mut errors = FieldErrors::new();
    let action = q.action.trim();
    if !action.is_empty() && !ACTIONS.contains(&action) {
        errors.push("action", ErrorCode::InvalidChoice);
    }
    let from = day("from", q.from, &mut errors);
    let to = day("to", q.to, &mut errors);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            errors.push("to", ErrorCode::EndBeforeStart);
        }
    }
    // A cursor is ours; one that does not parse is from a hand-edited address and starts at the newest.
    let before = q.before.split_once('.').and_then(|(at, id)| Some((at.parse().ok()?, AuditEventId::parse(id)?)));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(Filter {
        action: (!action.is_empty()).then(|| action.to_string()),
        from: from.map(day_start_ms),
        to: to.map(|d| day_start_ms(d + 1)),
        before,
    })
}

impl App {
    /// A page of the Revisjonslogg, newest first (Administrators).
    pub async fn audit_log(&self, actor: &Actor, q: &LogQuery<'_>) -> Result<LogPage, AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let f = filter(q)?;
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let period_months = audit::period_months(&mut conn, company).await?.ok_or(AppError::NotFound)?;
        let mut entries = audit::page(&mut conn, company, &f, PAGE + 1).await?;
        let next = if entries.len() as i64 > PAGE {
            entries.truncate(PAGE as usize);
            entries.last().map(|e| format!("{}.{}", e.created_at, e.id))
        } else {
            None
        };
        Ok(LogPage { entries: entries.into_iter().map(Entry::from).collect(), next, period_months })
    }

    /// "Revisjonslogg oppbevares (måneder)" as typed; refused with the field's error, nothing changed.
    pub async fn save_audit_period(&self, actor: &Actor, months: &str) -> Result<(), AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let months = audit_months(months)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let before = audit::period_months(&mut tx, company).await?.ok_or(AppError::NotFound)?;
        if before != months {
            audit::set_period_months(&mut tx, company, months).await?;
            let detail = serde_json::json!({ "audit_months": { "from": before, "to": months } });
            self.record(&mut tx, actor, "audit.period_changed", format!("company:{company}"), detail, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Removes the company's audit events older than its audit period, a batch per transaction so applying and
    /// the log page never wait long; how many went. Part of the retention pass.
    pub(crate) async fn purge_audit_log(&self, company: &CompanyId, now: i64) -> Result<u64, AppError> {
        let months = {
            let mut conn = self.db.conn().await?;
            audit::period_months(&mut conn, company).await?.ok_or(AppError::NotFound)?
        };
        let cutoff = months_before(now, months);
        let mut removed = 0;
        loop {
            let mut tx = self.db.write().await?;
            let n = audit::purge_before(&mut tx, company, cutoff, PURGE_BATCH).await?;
            tx.commit().await?;
            removed += n;
            if n < PURGE_BATCH as u64 {
                return Ok(removed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q<'a>(action: &'a str, from: &'a str, to: &'a str, before: &'a str) -> LogQuery<'a> {
        LogQuery { action, from, to, before }
    }

    #[test]
    fn dates_bound_whole_norwegian_days() {
        let f = filter(&q("", "2026-12-01", "2026-12-05", "")).unwrap();
        assert_eq!(f.from, Some(day_start_ms(parse_date("2026-12-01").unwrap())));
        assert_eq!(f.to, Some(day_start_ms(parse_date("2026-12-06").unwrap())));
        assert_eq!(f.action, None);
    }

    #[test]
    fn bad_input_names_the_field() {
        let Err(AppError::Invalid(e)) = filter(&q("drop table", "2026-02-30", "2026-01-01", "")) else {
            panic!("accepted")
        };
        assert_eq!(e.for_field("action").unwrap().code, ErrorCode::InvalidChoice);
        assert_eq!(e.for_field("from").unwrap().code, ErrorCode::InvalidDate);
        let Err(AppError::Invalid(e)) = filter(&q("", "2026-02-02", "2026-01-01", "")) else { panic!("accepted") };
        assert_eq!(e.for_field("to").unwrap().code, ErrorCode::EndBeforeStart);
    }

    #[test]
    fn the_cursor_is_time_and_id_and_a_bad_one_starts_over() {
        let id = AuditEventId::generate();
        let f = filter(&q("retention.pass", "", "", &format!("1700000000000.{id}"))).unwrap();
        assert_eq!(f.before, Some((1_700_000_000_000, id)));
        assert_eq!(f.action.as_deref(), Some("retention.pass"));
        assert_eq!(filter(&q("", "", "", "x.y")).unwrap().before, None);
        assert_eq!(filter(&q("", "", "", "1700000000000.0192-abc")).unwrap().before, None, "no event id");
    }
}
