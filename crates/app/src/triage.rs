//! Triage and tags (issue 22, part 2): «Ikke vurdert» / «Stjernemarkert» / «Følg opp» on an application (anyone
//! who may work on it), tags on a candidate (anyone who may see them), and the company's tag vocabulary, renamed
//! and merged under Bedriftsinnstillinger → «Tagger» (Administrators). Every change is in the audit log, by id.

use domain::triage::{tag_key, tag_name, Triage};
use domain::validate::ErrorCode;
use domain::{Action, ApplicationId, CandidateId, Capability, FieldErrors, TagId};
use store::applications::{self, ListedApplication};
use store::candidates::{self, Candidate};
use store::{tags, Conn};

use crate::{Actor, App, AppError};

/// One of the company's tags, as the filters, the autocomplete and «Tagger» show it.
#[derive(Clone, Debug)]
pub struct Tag {
    pub id: TagId,
    pub name: String,
    /// How many candidates carry it.
    pub candidates: i64,
}

impl From<tags::Tag> for Tag {
    fn from(r: tags::Tag) -> Self {
        Tag { id: r.id, name: r.name, candidates: r.candidates }
    }
}

fn invalid(field: &'static str, code: ErrorCode) -> AppError {
    let mut errors = FieldErrors::new();
    errors.push(field, code);
    errors.into()
}

impl App {
    /// Sets an application's triage state (`code`: `none`, `starred` or `follow_up`).
    pub async fn set_triage(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        code: &str,
    ) -> Result<ListedApplication, AppError> {
        let triage = Triage::from_code(code.trim()).ok_or_else(|| invalid("triage", ErrorCode::InvalidChoice))?;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let mut app = self.application_for(&mut tx, actor, application_id, Action::Work).await?;
        if applications::set_triage(&mut tx, &actor.principal.company_id, &app.id, triage.code()).await? {
            let detail = serde_json::json!({ "from": app.triage, "to": triage.code() });
            self.record(&mut tx, actor, "application.triaged", format!("application:{}", app.id), detail, now).await?;
        }
        tx.commit().await?;
        app.triage = triage.code().to_string();
        Ok(app)
    }

    /// The candidate, when the actor may see one of their applications; refused once they are anonymised.
    async fn taggable(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        candidate_id: &CandidateId,
    ) -> Result<Candidate, AppError> {
        let company = &actor.principal.company_id;
        let scope = self.scope(conn, actor).await?;
        let candidate = candidates::get(conn, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        let visible = applications::of_candidate(conn, company, candidate_id).await?;
        if !visible.iter().any(|a| scope.sees_app(a)) {
            return Err(AppError::NotFound);
        }
        if candidate.anonymised_at.is_some() {
            return Err(AppError::Refused("privacy.anonymised_refused"));
        }
        Ok(candidate)
    }

    /// «Legg til tagg»: tags the candidate with `name`, a tag of the company's (created when new); the tag's id.
    pub async fn add_tag(&self, actor: &Actor, candidate_id: &CandidateId, name: &str) -> Result<TagId, AppError> {
        let mut errors = FieldErrors::new();
        let Some(name) = errors.check(tag_name("tag", name)) else { return Err(errors.into()) };
        let (company, now) = (&actor.principal.company_id, store::now_ms());
        let mut tx = self.db.write().await?;
        let candidate = self.taggable(&mut tx, actor, candidate_id).await?;
        let tag = tags::find_or_create(&mut tx, company, &name, &tag_key(&name), now).await?;
        if tags::add(&mut tx, company, &candidate.id, &tag, now).await? {
            let detail = serde_json::json!({ "tag": tag });
            self.record(&mut tx, actor, "candidate.tagged", format!("candidate:{}", candidate.id), detail, now).await?;
        }
        tx.commit().await?;
        Ok(tag)
    }

    /// Takes a tag off the candidate; not found unless they carry it.
    pub async fn remove_tag(&self, actor: &Actor, candidate_id: &CandidateId, tag: &TagId) -> Result<(), AppError> {
        let (company, now) = (&actor.principal.company_id, store::now_ms());
        let mut tx = self.db.write().await?;
        let candidate = self.taggable(&mut tx, actor, candidate_id).await?;
        if !tags::remove(&mut tx, company, &candidate.id, tag).await? {
            return Err(AppError::NotFound);
        }
        let detail = serde_json::json!({ "tag": tag });
        self.record(&mut tx, actor, "candidate.untagged", format!("candidate:{}", candidate.id), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// (id, name) of the candidate's tags; not found unless the actor may see the candidate.
    pub async fn candidate_tags(
        &self,
        actor: &Actor,
        candidate_id: &CandidateId,
    ) -> Result<Vec<(TagId, String)>, AppError> {
        let mut conn = self.db.conn().await?;
        let company = &actor.principal.company_id;
        let scope = self.scope(&mut conn, actor).await?;
        let visible = applications::of_candidate(&mut conn, company, candidate_id).await?;
        if !visible.iter().any(|a| scope.sees_app(a)) {
            return Err(AppError::NotFound);
        }
        Ok(tags::of_candidate(&mut conn, company, candidate_id).await?)
    }

    /// The company's tags, for every employee: the vocabulary the autocomplete and the filters offer, each counted
    /// among the candidates the actor may see.
    pub async fn tags(&self, actor: &Actor) -> Result<Vec<Tag>, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(tags::list(&mut conn, &actor.principal.company_id, &actor.reach).await?.into_iter().map(Tag::from).collect())
    }

    /// Bedriftsinnstillinger → «Tagger» (Administrators): the company's tags with how many candidates carry each.
    pub async fn tag_settings(&self, actor: &Actor) -> Result<Vec<Tag>, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        self.tags(actor).await
    }

    /// Renames a tag (Administrators); a name another tag has already is refused: merge them instead.
    pub async fn rename_tag(&self, actor: &Actor, id: &TagId, name: &str) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let (company, now) = (&actor.principal.company_id, store::now_ms());
        let mut tx = self.db.write().await?;
        // Another company's tag is not found, whatever was typed: existence is answered before validity.
        tags::name(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        let mut errors = FieldErrors::new();
        let Some(name) = errors.check(tag_name("name", name)) else { return Err(errors.into()) };
        let taken = tags::names(&mut tx, company)
            .await?
            .into_iter()
            .any(|(other, n)| &other != id && tag_key(&n) == tag_key(&name));
        if taken {
            return Err(invalid("name", ErrorCode::Duplicate));
        }
        tags::rename(&mut tx, company, id, &name, &tag_key(&name)).await?;
        self.record(&mut tx, actor, "tag.renamed", format!("tag:{id}"), serde_json::json!({}), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Merges tag `from` into `into` (Administrators): every candidate carrying `from` carries `into`, and `from`
    /// is gone.
    /// `into` is the form's choice: anything but another of the company's tags is an invalid choice.
    pub async fn merge_tags(&self, actor: &Actor, from: &TagId, into: &str) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let (company, now) = (&actor.principal.company_id, store::now_ms());
        let mut tx = self.db.write().await?;
        tags::name(&mut tx, company, from).await?.ok_or(AppError::NotFound)?;
        let into = TagId::parse(into).filter(|into| into != from);
        let Some(into) = into else { return Err(invalid("into", ErrorCode::InvalidChoice)) };
        if tags::name(&mut tx, company, &into).await?.is_none() {
            return Err(invalid("into", ErrorCode::InvalidChoice));
        }
        tags::merge(&mut tx, company, from, &into).await?;
        let detail = serde_json::json!({ "into": into });
        self.record(&mut tx, actor, "tag.merged", format!("tag:{from}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
