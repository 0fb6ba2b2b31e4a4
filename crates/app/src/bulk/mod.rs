//! Bulk actions on the candidates chosen in Kandidater ("Flytt til steg", "Arkiver", "Send e-post", «Tildel til
//! ansatt»), for
//! Administrators and Rekrutterere. Each is one transaction, all or nothing, bounded by `MAX_SELECTION`; an id the
//! actor may not see refuses the whole request. Every change is the single-application one (same audit record,
//! same timeline line), done on the open transaction.

mod archive;
mod assign;
mod email;
mod move_step;

use domain::validate::ErrorCode;
use domain::{CandidateId, Capability, FieldErrors, PostingId};
use store::applications::{self, ListedApplication};
use store::{postings, Conn};

use crate::screening::Scope;
use crate::{Actor, App, AppError};

/// The most candidates one request may act on (sourcing included).
pub const MAX_SELECTION: usize = 500;

/// What a bulk action did: how many it changed, what it changed them to, and who it left alone.
#[derive(Clone, Debug, Default)]
pub struct BulkOutcome {
    pub count: usize,
    /// The step moved to, or the posting archived in ("" for all of them).
    pub label: String,
    /// Full names of the candidates left as they were.
    pub skipped: Vec<String>,
}

/// The chosen ids without repeats, or why the selection cannot be used (none, or too many): the first check of
/// every bulk action, and of the pages leading to one.
pub fn check_selection(ids: &[String]) -> Result<Vec<&String>, AppError> {
    let mut errors = FieldErrors::new();
    if ids.is_empty() {
        errors.push("candidate", ErrorCode::Required);
    } else if ids.len() > MAX_SELECTION {
        errors.push("candidate", ErrorCode::TooMany { max: MAX_SELECTION });
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    // One order for every request, so two requests touching overlapping candidates at once never wait on each
    // other in a cycle (a deadlock on PostgreSQL).
    let mut unique: Vec<&String> = ids.iter().collect();
    unique.sort();
    unique.dedup();
    Ok(unique)
}

/// The checked selection (`check_selection`) as candidate ids, in the same order; an id that is no candidate id
/// at all is not found, as an unknown one is.
pub(crate) fn chosen_ids(ids: &[String]) -> Result<Vec<CandidateId>, AppError> {
    candidate_ids(check_selection(ids)?)
}

/// Candidate ids as a form sent them, in the order given; one that is no candidate id at all is not found, as an
/// unknown one is.
pub(crate) fn candidate_ids<'a>(ids: impl IntoIterator<Item = &'a String>) -> Result<Vec<CandidateId>, AppError> {
    ids.into_iter().map(|id| CandidateId::parse(id).ok_or(AppError::NotFound)).collect()
}

/// One chosen candidate as the actor sees them.
pub(crate) struct Chosen {
    pub name: String,
    /// The applications the actor may see, newest first (never empty).
    pub applications: Vec<ListedApplication>,
}

/// Of `applications`, the open (not archived) ones, in `posting` when one is given: what archiving or assigning
/// a chosen candidate acts on.
pub(crate) fn open_in(applications: Vec<ListedApplication>, posting: Option<&PostingId>) -> Vec<ListedApplication> {
    applications
        .into_iter()
        .filter(|a| a.archived_at.is_none())
        .filter(|a| posting.is_none_or(|p| &a.posting_id == p))
        .collect()
}

impl App {
    /// The chosen candidates with their visible applications, read inside `conn`; not found for any id the actor
    /// may not see (nothing of the request is then done).
    pub(crate) async fn chosen(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        scope: &Scope,
        ids: &[String],
    ) -> Result<Vec<Chosen>, AppError> {
        let mut chosen = Vec::new();
        for id in chosen_ids(ids)? {
            let applications: Vec<ListedApplication> =
                applications::of_candidate(conn, &actor.principal.company_id, &id)
                    .await?
                    .into_iter()
                    .filter(|a| scope.sees(&a.posting_id))
                    .collect();
            let name = applications.first().map(ListedApplication::full_name).ok_or(AppError::NotFound)?;
            chosen.push(Chosen { name, applications });
        }
        Ok(chosen)
    }

    /// A posting the actor may see, read inside `conn`, with its title.
    pub(crate) async fn visible_posting(
        &self,
        conn: &mut Conn,
        actor: &Actor,
        scope: &Scope,
        posting: &PostingId,
    ) -> Result<domain::posting::Posting, AppError> {
        postings::get(conn, &actor.principal.company_id, posting)
            .await?
            .filter(|p| scope.sees(&p.id))
            .ok_or(AppError::NotFound)
    }

    /// The postings a bulk action may choose among: every posting the actor sees, newest first, (id, title).
    pub async fn bulk_postings(&self, actor: &Actor) -> Result<Vec<(String, String)>, AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        let mut conn = self.db.conn().await?;
        let all = postings::list(&mut conn, &actor.principal.company_id, None, &actor.reach).await?;
        Ok(all.into_iter().map(|p| (p.id.to_string(), p.title)).collect())
    }

    /// "Steg" of "Flytt til steg": the posting's title and its steps in pipeline order, (id, name).
    pub async fn bulk_steps(
        &self,
        actor: &Actor,
        posting: &PostingId,
    ) -> Result<(String, Vec<(String, String)>), AppError> {
        self.require(actor, Capability::SourceCandidates)?;
        let mut conn = self.db.conn().await?;
        let scope = self.scope(&mut conn, actor).await?;
        let found = self.visible_posting(&mut conn, actor, &scope, posting).await?;
        let steps = postings::steps(&mut conn, &actor.principal.company_id, posting).await?;
        Ok((found.title, steps.into_iter().map(|s| (s.id.to_string(), s.name)).collect()))
    }
}
