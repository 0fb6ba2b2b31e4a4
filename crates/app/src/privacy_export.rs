//! "Eksporter data": everything stored about one candidate, for an access request (GDPR art. 15 and 20), as a
//! ZIP: `data.json` (details, applications with answers, education and the details each submitted, notes,
//! evaluations, the timeline, the talent-pool consent with its exact text, the emails to or about them) and their
//! files under `files/`.

use std::io::Write;

use domain::{CandidateId, Capability, CompanyId};
use serde_json::json;
use store::privacy;
use store::{activities, applications, candidates, evaluations, notes};

use crate::{Actor, App, AppError};

/// A ready download.
pub struct Export {
    pub filename: String,
    pub bytes: Vec<u8>,
}

impl App {
    /// The candidate's data as a ZIP, for an Administrator; audited (ids and counts only).
    pub async fn export_candidate(&self, actor: &Actor, candidate_id: &CandidateId) -> Result<Export, AppError> {
        self.require(actor, Capability::ManagePersonalData)?;
        let (export, detail) =
            self.candidate_zip(&actor.principal.company_id, &actor.company.name, candidate_id).await?;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        self.record(&mut tx, actor, "candidate.exported", format!("candidate:{candidate_id}"), detail, now).await?;
        tx.commit().await?;
        Ok(export)
    }

    /// The ZIP of everything stored about a candidate of `company` (not anonymised), and the audit detail that
    /// describes it (counts only): the staff export and the candidate's own "Last ned dataene mine" alike.
    pub(crate) async fn candidate_zip(
        &self,
        company: &CompanyId,
        company_name: &str,
        candidate_id: &CandidateId,
    ) -> Result<(Export, serde_json::Value), AppError> {
        let mut conn = self.db.conn().await?;
        let c = candidates::get(&mut conn, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        if c.anonymised_at.is_some() {
            return Err(AppError::NotFound);
        }
        let apps = applications::of_candidate(&mut conn, company, candidate_id).await?;
        let files = applications::files_of_candidate(&mut conn, company, candidate_id).await?;
        let notes = notes::for_candidate(&mut conn, company, candidate_id).await?;
        let evaluations = evaluations::of_candidate(&mut conn, company, candidate_id).await?;
        let timeline = activities::for_candidate(&mut conn, company, candidate_id).await?;
        let key = domain::validate::email_key(&c.email);
        let emails = privacy::emails_of(&mut conn, company, candidate_id, &key).await?;
        let consent = store::talent_pool::of_candidate(&mut conn, company, candidate_id).await?;
        let submitted = store::submitted_details::of_candidate(&mut conn, company, candidate_id).await?;
        let interviews = store::interviews::of_candidate(&mut conn, company, candidate_id).await?;
        let interviewers = store::interviews::interviewers_of_candidate(&mut conn, company, candidate_id).await?;
        let tags = store::tags::of_candidate(&mut conn, company, candidate_id).await?;
        let scheduled = store::scheduled_emails::of_candidate(&mut conn, company, candidate_id).await?;
        let templates = store::email_templates::list(&mut conn, company).await?;
        drop(conn);

        let json_of = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap_or(json!(text));
        let document = json!({
            "company": company_name,
            "exported_at": domain::civil_time::ymd(store::now_ms()),
            "candidate": {
                "id": c.id, "first_name": c.first_name, "last_name": c.last_name, "email": c.email,
                "phone": c.phone, "phone_key": c.phone_key, "linkedin": c.linkedin, "created_at": c.created_at,
            },
            "applications": apps.iter().map(|a| json!({
                "id": a.id, "posting": a.posting_title, "step": a.step_name, "source": a.source_kind,
                "sourced_from": a.source_title, "applied_at": a.created_at, "archived_at": a.archived_at,
                "rejected_at": a.rejected_at, "rejection_reason": a.rejection_reason, "triage": a.triage,
                "answers": json_of(&a.answers), "education": json_of(&a.education),
                "work_experience": a.work_experience,
                "submitted_details": submitted.iter().find(|s| s.application_id == a.id).map(|s| json!({
                    "first_name": s.first_name, "last_name": s.last_name, "phone": s.phone, "linkedin": s.linkedin,
                })),
                "files": files.iter().filter(|f| f.application_id == a.id).map(|f| json!({
                    "kind": f.kind, "filename": f.filename, "content_type": f.content_type, "size": f.size,
                    "in_zip": entry_name(f),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "tags": tags.iter().map(|(_, name)| name).collect::<Vec<_>>(),
            "notes": notes.iter().map(|n| json!({
                "author": format!("{} {}", n.author_first_name, n.author_last_name), "body": n.body,
                "created_at": n.created_at, "updated_at": n.updated_at,
            })).collect::<Vec<_>>(),
            "evaluations": evaluations.iter().map(|e| json!({
                "application": e.application_id, "step": e.step_name,
                "author": format!("{} {}", e.author_first_name, e.author_last_name),
                "recommendation": e.recommendation, "ratings": json_of(&e.ratings), "answers": json_of(&e.answers),
                "comment": e.comment, "created_at": e.created_at,
            })).collect::<Vec<_>>(),
            "interviews": interviews.iter().map(|i| json!({
                "application": i.application_id, "starts_at": i.starts_at, "ends_at": i.ends_at, "place": i.place,
                "interviewers": interviewers.iter().filter(|p| p.interview_id == i.id).map(|p| p.full_name())
                    .collect::<Vec<_>>(),
                "cancelled_at": i.cancelled_at, "created_at": i.created_at,
            })).collect::<Vec<_>>(),
            "timeline": timeline.iter().map(|t| json!({
                "application": t.application_id, "kind": t.kind, "detail": json_of(&t.detail), "at": t.created_at,
            })).collect::<Vec<_>>(),
            "talent_pool_consent": consent.map(|k| json!({
                "text": k.consent_text, "language": k.language, "given_at": k.given_at, "expires_at": k.expires_at,
                "renewed_at": k.renewed_at, "withdrawn_at": k.withdrawn_at, "reminder_sent_at": k.reminder_sent_at,
            })),
            // Automatic emails waiting for their time (step automations), by template name.
            "scheduled_emails": scheduled.iter().map(|m| json!({
                "application": m.application_id, "due_at": m.due_at, "created_at": m.created_at,
                "template": templates.iter().find(|t| t.id == m.template_id).map(|t| &t.name),
            })).collect::<Vec<_>>(),
            "emails": emails.iter().map(|m| json!({
                "to": m.to_address, "subject": m.subject, "text": m.body_text, "status": m.status,
                "created_at": m.created_at, "sent_at": m.sent_at,
            })).collect::<Vec<_>>(),
        });

        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let internal = |e: zip::result::ZipError| AppError::Internal(format!("building the export: {e}"));
        zip.start_file("data.json", options).map_err(internal)?;
        let text = serde_json::to_vec_pretty(&document).map_err(|e| AppError::Internal(e.to_string()))?;
        zip.write_all(&text).map_err(|e| AppError::Internal(e.to_string()))?;
        for f in &files {
            // A file whose object is missing is left out rather than failing the whole export; a store that is
            // down fails it (try again), so that no export silently lacks the files.
            match self.files.get(&f.storage_key).await {
                Ok(bytes) => {
                    zip.start_file(entry_name(f), options).map_err(internal)?;
                    zip.write_all(&bytes).map_err(|e| AppError::Internal(e.to_string()))?;
                }
                Err(e) if e.is_file_store_unavailable() => return Err(e.into()),
                Err(_) => {}
            }
        }
        let bytes = zip.finish().map_err(internal)?.into_inner();

        let detail = json!({ "applications": apps.len(), "files": files.len(), "bytes": bytes.len() });
        Ok((Export { filename: format!("kandidat-{candidate_id}.zip"), bytes }, detail))
    }
}

/// Where a file lies in the ZIP: its id (unique) and the name it was uploaded with, made safe for any unzip.
fn entry_name(f: &applications::FileInfo) -> String {
    let safe: String = f
        .filename
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .take(100)
        .collect();
    format!("files/{}-{}", f.id, safe.trim_start_matches('.'))
}
