//! "Nye opplysninger i søknad": what a later application submitted about a known candidate is kept with that
//! application (`store::submitted_details`), never written over the candidate staff see; the profile shows the
//! difference to those who may edit the candidate, and "Bruk disse opplysningene" accepts it.

use domain::{Action, ApplicationId, CandidateId, Principal, Resource};
use store::candidates::{self, Candidate, Details};
use store::submitted_details::{self, Submitted};

use crate::{Actor, App, AppError};

/// One field that differs: its label's locale key, what is stored and what the application gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub label: &'static str,
    pub stored: Option<String>,
    pub submitted: String,
}

/// The newest application whose submitted details differ from the candidate's and are not settled yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDetails {
    pub application_id: ApplicationId,
    pub submitted_at: i64,
    pub changes: Vec<Change>,
}

/// The fields in which `s` differs from `c`; a phone or LinkedIn left empty keeps what is stored, so it is no
/// difference.
fn changes(c: &Candidate, s: &Submitted) -> Vec<Change> {
    let required =
        [("field.first_name", &c.first_name, &s.first_name), ("field.last_name", &c.last_name, &s.last_name)];
    let optional = [("field.phone", &c.phone, &s.phone), ("field.linkedin", &c.linkedin, &s.linkedin)];
    let mut out: Vec<Change> = required
        .into_iter()
        .filter(|(_, stored, given)| stored != given)
        .map(|(label, stored, given)| Change { label, stored: Some(stored.clone()), submitted: given.clone() })
        .collect();
    out.extend(optional.into_iter().filter_map(|(label, stored, given)| {
        let given = given.as_ref().filter(|g| Some(*g) != stored.as_ref())?;
        Some(Change { label, stored: stored.clone(), submitted: given.clone() })
    }));
    out
}

/// Whether `p` may change a candidate's details: the profile's box and its button are for them only.
fn may_edit(p: &Principal) -> bool {
    p.may(Action::Manage, Resource::Candidate { applied_to_team_posting: true }, &p.company_id)
}

impl App {
    /// For those who may edit the candidate: the newest unsettled submission (of `visible` applications) that
    /// differs from the stored details.
    pub(crate) async fn new_details(
        &self,
        conn: &mut store::Conn,
        actor: &Actor,
        candidate: &Candidate,
        visible: &[&ApplicationId],
    ) -> Result<Option<NewDetails>, AppError> {
        if !may_edit(&actor.principal) || candidate.anonymised_at.is_some() {
            return Ok(None);
        }
        let company = &actor.principal.company_id;
        let submitted = submitted_details::of_candidate(conn, company, &candidate.id).await?;
        Ok(submitted
            .iter()
            .filter(|s| s.settled_at.is_none() && visible.contains(&&s.application_id))
            .map(|s| (s, changes(candidate, s)))
            .find(|(_, changes)| !changes.is_empty())
            .map(|(s, changes)| NewDetails {
                application_id: s.application_id.clone(),
                submitted_at: s.created_at,
                changes,
            }))
    }

    /// "Bruk disse opplysningene": the candidate takes what `application_id` submitted (a phone or LinkedIn left
    /// empty keeps the stored one), its search terms and sort name follow, and that submission and every older
    /// one are settled. Not found for anyone who may not edit the candidate, and for another candidate's
    /// application; a submission settled already changes nothing.
    pub async fn accept_details(
        &self,
        actor: &Actor,
        candidate_id: &CandidateId,
        application_id: &ApplicationId,
    ) -> Result<(), AppError> {
        if !may_edit(&actor.principal) {
            return Err(AppError::NotFound);
        }
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        if !candidates::lock_live(&mut tx, company, candidate_id).await? {
            return Err(AppError::NotFound);
        }
        let submitted =
            submitted_details::get(&mut tx, company, candidate_id, application_id).await?.ok_or(AppError::NotFound)?;
        if submitted.settled_at.is_some() {
            return Ok(());
        }
        let candidate = candidates::get(&mut tx, company, candidate_id).await?.ok_or(AppError::NotFound)?;
        let details = Details {
            email: &candidate.email,
            first_name: &submitted.first_name,
            last_name: &submitted.last_name,
            phone: submitted.phone.as_deref(),
            linkedin: submitted.linkedin.as_deref(),
        };
        candidates::update_details(&mut tx, company, candidate_id, &details, now).await?;
        submitted_details::settle_up_to(&mut tx, company, candidate_id, &submitted, now).await?;
        let detail = serde_json::json!({ "application": application_id });
        self.record(&mut tx, actor, "candidate.details_accepted", format!("candidate:{candidate_id}"), detail, now)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate() -> Candidate {
        Candidate {
            company_id: domain::CompanyId::from_db("c".into()),
            id: CandidateId::from_db("k".into()),
            email: "kari@example.no".into(),
            first_name: "Kari".into(),
            last_name: "Nordmann".into(),
            phone: Some("12345678".into()),
            phone_key: Some("12345678".into()),
            linkedin: None,
            created_at: 0,
            anonymised_at: None,
            retention_hold_until: None,
            retention_hold_reason: None,
        }
    }

    fn submitted(first: &str, phone: Option<&str>, linkedin: Option<&str>) -> Submitted {
        Submitted {
            application_id: ApplicationId::from_db("a".into()),
            first_name: first.into(),
            last_name: "Nordmann".into(),
            phone: phone.map(Into::into),
            linkedin: linkedin.map(Into::into),
            created_at: 1,
            settled_at: None,
        }
    }

    #[test]
    fn only_real_differences_count_and_an_empty_field_keeps_the_stored_one() {
        assert_eq!(changes(&candidate(), &submitted("Kari", None, None)), vec![]);
        assert_eq!(changes(&candidate(), &submitted("Kari", Some("12345678"), None)), vec![]);
        let c = changes(&candidate(), &submitted("Mallory", Some("99999999"), Some("https://x.example/in/m")));
        let labels: Vec<&str> = c.iter().map(|c| c.label).collect();
        assert_eq!(labels, ["field.first_name", "field.phone", "field.linkedin"]);
        assert_eq!((c[0].stored.as_deref(), c[0].submitted.as_str()), (Some("Kari"), "Mallory"));
        assert_eq!(c[2].stored, None);
    }
}
