//! Notes ("Notater") on a candidate: visible to everyone who may see the candidate, edited or deleted only by
//! their author. `@Fornavn Etternavn` in a note emails that colleague, if they may see the candidate.

use domain::employee::ListedEmployee;
use domain::{fold::fold, CandidateId, EmployeeStatus, FieldErrors, NoteId, Principal};
use store::{applications, employees, notes, Tx};

use crate::timeline::Entry;
use crate::{Actor, App, AppError};

pub const NOTE_MAX: usize = 5_000;

impl App {
    /// Publishes a note on a candidate the actor may see.
    pub async fn add_note(&self, actor: &Actor, candidate_id: &CandidateId, body: &str) -> Result<(), AppError> {
        let text = note_text(body)?;
        let profile = self.profile(actor, candidate_id).await?;
        if profile.candidate.anonymised_at.is_some() {
            return Err(AppError::Refused("privacy.anonymised_refused"));
        }
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let id = notes::insert(&mut tx, company, candidate_id, &actor.principal.user_id, &text, now).await?;
        self.record(&mut tx, actor, "note.created", format!("note:{id}"), serde_json::json!({}), now).await?;
        let at = Entry { company, candidate: candidate_id, application: None, actor: Some(&actor.principal.user_id) };
        self.log(&mut tx, at, "noted", serde_json::json!({}), now).await?;
        self.notify_mentions(&mut tx, actor, candidate_id, &profile.candidate.full_name(), "", &text, now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(())
    }

    /// Only the author edits or deletes a note; for anyone else it does not exist. Returns (candidate, body).
    pub async fn own_note(&self, actor: &Actor, note_id: &NoteId) -> Result<(CandidateId, String), AppError> {
        let mut conn = self.db.conn().await?;
        let (candidate, author, body) =
            notes::owner(&mut conn, &actor.principal.company_id, note_id).await?.ok_or(AppError::NotFound)?;
        drop(conn);
        if author != actor.principal.user_id {
            return Err(AppError::NotFound);
        }
        self.profile(actor, &candidate).await?;
        Ok((candidate, body))
    }

    pub async fn edit_note(&self, actor: &Actor, note_id: &NoteId, body: &str) -> Result<CandidateId, AppError> {
        let text = note_text(body)?;
        let (candidate, before) = self.own_note(actor, note_id).await?;
        let name = self.profile(actor, &candidate).await?.candidate.full_name();
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        notes::update(&mut tx, &actor.principal.company_id, note_id, &text, now).await?;
        self.record(&mut tx, actor, "note.edited", format!("note:{note_id}"), serde_json::json!({}), now).await?;
        // Only colleagues newly mentioned by the edit hear of it.
        self.notify_mentions(&mut tx, actor, &candidate, &name, &before, &text, now).await?;
        tx.commit().await?;
        self.mailer.wake();
        Ok(candidate)
    }

    pub async fn delete_note(&self, actor: &Actor, note_id: &NoteId) -> Result<CandidateId, AppError> {
        let (candidate, _) = self.own_note(actor, note_id).await?;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        notes::delete(&mut tx, &actor.principal.company_id, note_id, now).await?;
        self.record(&mut tx, actor, "note.deleted", format!("note:{note_id}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        Ok(candidate)
    }

    /// Emails the active colleagues `text` mentions (and `before` did not) who may see the candidate.
    #[allow(clippy::too_many_arguments)]
    async fn notify_mentions(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        candidate_id: &CandidateId,
        candidate_name: &str,
        before: &str,
        text: &str,
        now: i64,
    ) -> Result<(), AppError> {
        if !text.contains('@') {
            return Ok(());
        }
        let company = &actor.principal.company_id;
        let people = employees::list(tx, company).await?;
        let already = mentioned(before, &people);
        let applications = applications::of_candidate(tx, company, candidate_id).await?;
        let link = self.link(&format!("candidates/{candidate_id}#notes"));
        for person in mentioned(text, &people) {
            if person.user_id == actor.principal.user_id || already.iter().any(|p| p.user_id == person.user_id) {
                continue;
            }
            let principal =
                Principal { user_id: person.user_id.clone(), company_id: company.clone(), role: person.role };
            let scope = Self::scope_of(tx, &principal, principal.reach()).await?;
            if !applications.iter().any(|a| scope.sees_app(a)) {
                continue;
            }
            let content = mail::Mentioned {
                first_name: &person.first_name,
                author: &actor.full_name(),
                candidate: candidate_name,
                note: text,
                link: &link,
            }
            .compose(domain::i18n::T(person.language));
            let name = format!("{} {}", person.first_name, person.last_name);
            self.queue_email(tx, actor, &person.email, &name, content, Some(candidate_id), now).await?;
        }
        Ok(())
    }
}

/// The active employees a text names as `@Fornavn Etternavn` (folded, so `@bjorn` finds "Bjørn" too).
fn mentioned<'a>(text: &str, people: &'a [ListedEmployee]) -> Vec<&'a ListedEmployee> {
    let folded = fold(text);
    people
        .iter()
        .filter(|p| p.status == EmployeeStatus::Active)
        .filter(|p| folded.contains(&format!("@{}", fold(&format!("{} {}", p.first_name, p.last_name)))))
        .collect()
}

fn note_text(body: &str) -> Result<String, AppError> {
    let mut errors = FieldErrors::new();
    match errors.check(domain::validate::text("note", body, NOTE_MAX, true)) {
        Some(text) => Ok(text),
        None => Err(errors.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(first: &str, last: &str, status: EmployeeStatus) -> ListedEmployee {
        ListedEmployee {
            user_id: domain::UserId::generate(),
            first_name: first.into(),
            last_name: last.into(),
            email: format!("{first}@example.com"),
            language: domain::Language::Nb,
            role: domain::Role::User,
            status,
            invited_at: None,
            joined_at: None,
        }
    }

    #[test]
    fn mentions_match_full_names_folded_and_only_active_people() {
        let people = vec![
            person("Bjørn", "Ås", EmployeeStatus::Active),
            person("Kari", "Nordmann", EmployeeStatus::Active),
            person("Ola", "Nordmann", EmployeeStatus::Deactivated),
        ];
        let found: Vec<&str> =
            mentioned("Hei @bjorn as og @Ola Nordmann, se CV", &people).iter().map(|p| p.first_name.as_str()).collect();
        assert_eq!(found, vec!["Bjørn"]);
        assert!(mentioned("kari@example.com uten krøllalfa foran navnet", &people).is_empty());
    }
}
