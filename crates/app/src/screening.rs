//! Screening: the board of a posting, moving candidates between steps, the candidate profile with the
//! applications the viewer may see, notes, and file downloads. A Bruker sees only what the article promises:
//! postings whose hiring team they are on, those candidates, and within a candidate only those applications.

use domain::validate::ErrorCode;
use domain::{Action, FieldErrors, PostingId, Resource};
use store::applications::{self, FileInfo, Listed};
use store::notes::{self, Note};
use store::postings::{self, Step};
use store::{candidates, files::LocalFiles, Conn};

use crate::postings::PostingDetails;
use crate::{Actor, App, AppError};

pub const NOTE_MAX: usize = 5_000;

/// One application as the profile shows it, with the steps it can move to and its files.
#[derive(Clone, Debug)]
pub struct ApplicationView {
    pub application: Listed,
    pub steps: Vec<Step>,
    pub files: Vec<FileInfo>,
}

#[derive(Clone, Debug)]
pub struct Profile {
    pub candidate: candidates::Candidate,
    pub applications: Vec<ApplicationView>,
    pub notes: Vec<Note>,
}

/// Which postings' applications the actor may see: `None` for all of them.
struct Scope(Option<Vec<String>>);

impl Scope {
    fn sees(&self, posting_id: &str) -> bool {
        self.0.as_ref().is_none_or(|ids| ids.iter().any(|p| p == posting_id))
    }
}

impl App {
    async fn scope(&self, conn: &mut Conn, actor: &Actor) -> Result<Scope, AppError> {
        let p = &actor.principal;
        if p.may(Action::View, Resource::Application { on_hiring_team: false }, &p.company_id) {
            return Ok(Scope(None));
        }
        Ok(Scope(Some(postings::team_posting_ids(conn, &p.company_id, &p.user_id).await?)))
    }

    /// The board: the posting and its applications, grouped by step in pipeline order.
    pub async fn board(
        &self,
        actor: &Actor,
        posting: &PostingId,
    ) -> Result<(PostingDetails, Vec<Vec<Listed>>), AppError> {
        let details = self.posting(actor, posting).await?;
        let mut conn = self.db.conn().await?;
        let all = applications::in_posting(&mut conn, &actor.principal.company_id, posting).await?;
        let columns = details
            .steps
            .iter()
            .map(|s| all.iter().filter(|a| a.step_id == s.id.as_str()).cloned().collect())
            .collect();
        Ok((details, columns))
    }

    /// The candidate as the actor may see them; not found when they may see none of the applications.
    pub async fn profile(&self, actor: &Actor, candidate_id: &str) -> Result<Profile, AppError> {
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let scope = self.scope(&mut conn, actor).await?;
        let candidate = candidates::get(&mut conn, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        let visible: Vec<Listed> = applications::of_candidate(&mut conn, company, candidate_id)
            .await?
            .into_iter()
            .filter(|a| scope.sees(&a.posting_id))
            .collect();
        if visible.is_empty() {
            return Err(AppError::NotFound);
        }
        let mut views = Vec::new();
        for a in visible {
            let posting = PostingId::from_db(a.posting_id.clone());
            let steps = postings::steps(&mut conn, company, &posting).await?;
            let files = applications::files_of(&mut conn, company, &a.id).await?;
            views.push(ApplicationView { application: a, steps, files });
        }
        let notes = notes::for_candidate(&mut conn, company, candidate_id).await?;
        Ok(Profile { candidate, applications: views, notes })
    }

    /// Moves an application to another step of the same posting.
    pub async fn move_application(&self, actor: &Actor, application_id: &str, step: &str) -> Result<Listed, AppError> {
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let scope = self.scope(&mut tx, actor).await?;
        let app = applications::get(&mut tx, company, application_id)
            .await?
            .filter(|a| scope.sees(&a.posting_id))
            .ok_or(AppError::NotFound)?;
        let posting = PostingId::from_db(app.posting_id.clone());
        let steps = postings::steps(&mut tx, company, &posting).await?;
        let Some(target) = steps.iter().find(|s| s.id.as_str() == step) else {
            let mut errors = FieldErrors::new();
            errors.push("step", ErrorCode::InvalidChoice);
            return Err(errors.into());
        };
        if target.id.as_str() != app.step_id {
            let now = store::now_ms();
            applications::move_to(&mut tx, company, application_id, &target.id, now).await?;
            let detail = serde_json::json!({ "from": app.step_name, "to": target.name });
            self.record(&mut tx, actor, "application.moved", format!("application:{application_id}"), detail, now)
                .await?;
        }
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(app)
    }

    /// Publishes a note on a candidate the actor may see.
    pub async fn add_note(&self, actor: &Actor, candidate_id: &str, body: &str) -> Result<(), AppError> {
        let text = note_text(body)?;
        self.profile(actor, candidate_id).await?;
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let id = notes::insert(&mut tx, company, candidate_id, &actor.principal.user_id, &text, now).await?;
        self.record(&mut tx, actor, "note.created", format!("note:{id}"), serde_json::json!({}), now).await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(())
    }

    /// Only the author edits or deletes a note; for anyone else it does not exist. Returns the candidate.
    pub async fn own_note(&self, actor: &Actor, note_id: &str) -> Result<String, AppError> {
        let mut conn = self.db.conn().await?;
        let (candidate, author) =
            notes::owner(&mut conn, &actor.principal.company_id, note_id).await?.ok_or(AppError::NotFound)?;
        drop(conn);
        if author != actor.principal.user_id.as_str() {
            return Err(AppError::NotFound);
        }
        self.profile(actor, &candidate).await?;
        Ok(candidate)
    }

    pub async fn edit_note(&self, actor: &Actor, note_id: &str, body: &str) -> Result<String, AppError> {
        let text = note_text(body)?;
        let candidate = self.own_note(actor, note_id).await?;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        notes::update(&mut tx, &actor.principal.company_id, note_id, &text, now).await?;
        self.record(&mut tx, actor, "note.edited", format!("note:{note_id}"), serde_json::json!({}), now).await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(candidate)
    }

    pub async fn delete_note(&self, actor: &Actor, note_id: &str) -> Result<String, AppError> {
        let candidate = self.own_note(actor, note_id).await?;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        notes::delete(&mut tx, &actor.principal.company_id, note_id, now).await?;
        self.record(&mut tx, actor, "note.deleted", format!("note:{note_id}"), serde_json::json!({}), now).await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(candidate)
    }

    /// A CV or cover letter, for an employee who may see its application.
    pub async fn download(&self, actor: &Actor, file_id: &str) -> Result<(FileInfo, Vec<u8>), AppError> {
        let company = &actor.principal.company_id;
        let mut conn = self.db.conn().await?;
        let file = applications::file(&mut conn, company, file_id).await?.ok_or(AppError::NotFound)?;
        let scope = self.scope(&mut conn, actor).await?;
        let app = applications::get(&mut conn, company, &file.application_id).await?.ok_or(AppError::NotFound)?;
        if !scope.sees(&app.posting_id) {
            return Err(AppError::NotFound);
        }
        drop(conn);
        let bytes = LocalFiles::new(self.config.data_dir.join("files")).get(&file.storage_key).await?;
        Ok((file, bytes))
    }
}

fn note_text(body: &str) -> Result<String, AppError> {
    let text = body.trim();
    let mut errors = FieldErrors::new();
    if text.is_empty() {
        errors.push("note", ErrorCode::Required);
    } else if text.chars().count() > NOTE_MAX {
        errors.push("note", ErrorCode::TooLong { max: NOTE_MAX });
    }
    if errors.is_empty() {
        Ok(text.to_string())
    } else {
        Err(errors.into())
    }
}
