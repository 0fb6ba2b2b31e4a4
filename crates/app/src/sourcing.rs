//! "Source til utlysning": placing chosen candidates in another posting's first Screening step, all or nothing,
//! skipping those already in it, giving each new application the candidate's documents, and — when asked —
//! emailing each of them from one of the company's templates in the same transaction; the step's automation
//! («Når en kandidat flyttes hit») runs for each too, in that transaction. Only Administrators and Rekrutterere
//! source.

use std::collections::HashMap;

use domain::posting::{PostingStatus, StepType};
use domain::{CandidateId, Capability, PostingId};
use store::{applications, candidates, postings, sourced_files};

pub use crate::bulk::MAX_SELECTION;
use crate::timeline::Entry;
use crate::{Actor, App, AppError};

#[derive(Clone, Debug)]
pub struct SourceOutcome {
    pub title: String,
    pub sourced: Vec<String>,
    /// Already in the posting: left as they were.
    pub skipped: Vec<String>,
    /// Emails queued, one per sourced candidate when asked for.
    pub emailed: usize,
}

impl App {
    /// The postings one may source into: open ones (Publisert or Ikke oppført).
    pub async fn source_targets(&self, actor: &Actor) -> Result<Vec<postings::PostingSummary>, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        let mut conn = self.db.conn().await?;
        let all = postings::list(&mut conn, &actor.principal.company_id, None, &actor.reach).await?;
        Ok(all.into_iter().filter(|p| p.status.accepts_applications()).collect())
    }

    /// Sources `candidate_ids` into `target`; `from` is the posting they were found through (the Kilde filter),
    /// recorded as the source of each candidate who has an application in it (of the others, as of every
    /// candidate without `from`, the posting of their newest application: a `from` the form did not come with
    /// names no posting the candidate was never in, nor another company's). With `email_template` (the form's choice,
    /// empty when none was made), each sourced
    /// candidate gets one email from that company template, filled for the new application, replies going to the
    /// actor. Anything unknown in the request refuses the whole request.
    pub async fn source_candidates(
        &self,
        actor: &Actor,
        candidate_ids: &[String],
        target: &PostingId,
        from: Option<&PostingId>,
        email_template: Option<&str>,
    ) -> Result<SourceOutcome, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        let chosen = crate::bulk::chosen_ids(candidate_ids)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let email_text = match email_template {
            Some(t) => Some(self.chosen_template(&mut tx, actor, t).await?),
            None => None,
        };
        let posting = postings::get(&mut tx, company, target).await?.ok_or(AppError::NotFound)?;
        if !matches!(posting.status, PostingStatus::Published | PostingStatus::Unlisted) {
            return Err(AppError::Refused("source.closed"));
        }
        let steps = postings::steps(&mut tx, company, target).await?;
        let step =
            steps.iter().find(|s| s.step_type == StepType::Screening).or(steps.first()).ok_or(AppError::NotFound)?;
        let mut outcome =
            SourceOutcome { title: posting.title.clone(), sourced: Vec::new(), skipped: Vec::new(), emailed: 0 };
        let asked: Vec<&CandidateId> = chosen.iter().collect();
        let found: HashMap<CandidateId, candidates::Presence> =
            candidates::presence_in(&mut tx, company, target, from, &asked)
                .await?
                .into_iter()
                .map(|p| (p.id.clone(), p))
                .collect();
        // The titles of the postings the candidates are sourced from, read once each.
        let mut titles: HashMap<PostingId, Option<String>> = HashMap::new();
        for id in &chosen {
            // A tampered or foreign id: nothing of this request is kept.
            let candidate = found.get(id).ok_or(AppError::NotFound)?;
            let full_name = format!("{} {}", candidate.first_name, candidate.last_name);
            if candidate.present != 0 {
                outcome.skipped.push(full_name);
                continue;
            }
            let source_posting = match from {
                Some(f) if candidate.in_source != 0 => Some(f.clone()),
                _ => applications::of_candidate(&mut tx, company, id).await?.first().map(|a| a.posting_id.clone()),
            };
            let application = applications::NewApplication {
                company_id: company,
                candidate_id: id,
                posting_id: target,
                step_id: &step.id,
                source_kind: "sourced",
                source_posting_id: source_posting.as_ref(),
                sourced_by: Some(&actor.principal.user_id),
                source_detail: "{}".into(),
                answers: "[]".into(),
                education: "[]".into(),
                work_experience: None,
                consent_at: None,
            };
            let Some(application_id) = applications::insert_if_absent(&mut tx, &application, now).await? else {
                // Sourced by someone else since the check above.
                outcome.skipped.push(full_name);
                continue;
            };
            // Handled like a submitted application from now on: the target's hiring team gets the CV with it.
            let documents =
                sourced_files::carry_over(&mut tx, company, id, source_posting.as_ref(), &application_id, now).await?;
            let detail =
                serde_json::json!({ "posting": target.to_string(), "from": source_posting, "documents": documents });
            self.record(&mut tx, actor, "application.sourced", format!("application:{application_id}"), detail, now)
                .await?;
            let about =
                crate::webhooks::AppRef { company, application: &application_id, candidate: id, posting: target };
            self.emit_application_created(&mut tx, &about, step, "sourced", now).await?;
            let from_title = match &source_posting {
                Some(p) => match titles.get(p) {
                    Some(title) => title.clone(),
                    None => {
                        let title = postings::get(&mut tx, company, p).await?.map(|p| p.title);
                        titles.insert(p.clone(), title.clone());
                        title
                    }
                },
                None => None,
            };
            let at = Entry {
                company,
                candidate: id,
                application: Some(&application_id),
                actor: Some(&actor.principal.user_id),
            };
            // The source's id too: the profile names it only to those who may see that posting.
            let detail =
                serde_json::json!({ "posting": posting.title, "from": from_title, "from_posting": source_posting });
            self.log(&mut tx, at, "sourced", detail, now).await?;
            let app = applications::get(&mut tx, company, &application_id).await?.ok_or(AppError::NotFound)?;
            // Arriving in the step is a way into it: its automation runs as for a move (ADR 0015).
            self.on_moved(&mut tx, actor, &app, step, now).await?;
            if let Some(text) = &email_text {
                let email = self.fill_email(&mut tx, actor, text, &app).await?;
                self.email_candidate(&mut tx, actor, &app, email, now).await?;
                outcome.emailed += 1;
            }
            outcome.sourced.push(full_name);
        }
        tx.commit().await?;
        // The chosen email, or the step's automation, may have queued some.
        if !outcome.sourced.is_empty() {
            self.mailer.wake();
            self.wake_schedule();
        }
        Ok(outcome)
    }
}
