//! Evaluations ("Vurderingsskjema"): each member fills the step's form once per application and step; the
//! company's administrators manage their own forms next to the built-in "Standard".

use domain::evaluation::{CompanyForm, EvaluationInput, FormDefinition, FormInput};
use domain::posting::EvaluationForm;
use domain::validate::ErrorCode;
use domain::{Action, ApplicationId, CandidateId, Capability, EvaluationFormId, FieldErrors};
use store::evaluations::{self, NewEvaluation};
use store::{postings, StoreError};

use crate::screening::entry;
use crate::{Actor, App, AppError};

/// The form a step asks members to fill: its code as stored on the step, the company form's name (None for
/// "Standard") and what it asks besides the recommendation.
#[derive(Clone, Debug)]
pub struct StepForm {
    pub code: String,
    pub name: Option<String>,
    pub definition: FormDefinition,
}

impl StepForm {
    /// None for a step without evaluations. A company form that no longer exists falls back to "Standard".
    pub fn of(form: &EvaluationForm, forms: &[CompanyForm]) -> Option<StepForm> {
        match form {
            EvaluationForm::None => None,
            EvaluationForm::Standard => Some(StepForm::standard()),
            EvaluationForm::Custom(id) => {
                Some(forms.iter().find(|f| &f.id == id).map_or_else(StepForm::standard, |f| StepForm {
                    code: form.code(),
                    name: Some(f.name.clone()),
                    definition: f.definition.clone(),
                }))
            }
        }
    }

    fn standard() -> StepForm {
        StepForm { code: EvaluationForm::Standard.code(), name: None, definition: FormDefinition::default() }
    }
}

impl App {
    /// The company's own forms (for the posting form's "Vurderingsskjema" and the settings page).
    pub async fn evaluation_forms(&self, actor: &Actor) -> Result<Vec<CompanyForm>, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(evaluations::forms(&mut conn, &actor.principal.company_id).await?)
    }

    pub async fn evaluation_form(&self, actor: &Actor, id: &EvaluationFormId) -> Result<CompanyForm, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut conn = self.db.conn().await?;
        evaluations::form(&mut conn, &actor.principal.company_id, id).await?.ok_or(AppError::NotFound)
    }

    /// Creates (`id` None) or changes a company form. Evaluations already written keep their ratings by position.
    pub async fn save_evaluation_form(
        &self,
        actor: &Actor,
        id: Option<&EvaluationFormId>,
        input: &FormInput,
    ) -> Result<EvaluationFormId, AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        // Another company's form is not found, whatever was typed: existence is answered before validity.
        if let Some(id) = id {
            evaluations::form(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        }
        let (name, definition) = input.validate()?;
        let id = evaluations::save_form(&mut tx, company, id, &name, &definition, now).await?;
        let detail = serde_json::json!({ "name": name });
        self.record(&mut tx, actor, "evaluation_form.saved", format!("evaluation_form:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes a company form no step uses.
    pub async fn delete_evaluation_form(&self, actor: &Actor, id: &EvaluationFormId) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let company = &actor.principal.company_id;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let form = evaluations::form(&mut tx, company, id).await?.ok_or(AppError::NotFound)?;
        if evaluations::form_uses(&mut tx, company, id).await? > 0 {
            return Err(AppError::Refused("evalforms.in_use"));
        }
        evaluations::delete_form(&mut tx, company, id).await?;
        let detail = serde_json::json!({ "name": form.name });
        self.record(&mut tx, actor, "evaluation_form.deleted", format!("evaluation_form:{id}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The company forms a posting's steps refer to must exist in the actor's company.
    pub(crate) async fn check_step_forms(
        &self,
        actor: &Actor,
        step_forms: &[&str],
        errors: &mut FieldErrors,
    ) -> Result<(), AppError> {
        let forms = self.evaluation_forms(actor).await?;
        for (i, code) in step_forms.iter().enumerate() {
            if let Some(EvaluationForm::Custom(id)) = EvaluationForm::from_code(code) {
                if !forms.iter().any(|f| f.id == id) {
                    errors.push(domain::posting::indexed("step_form", i), ErrorCode::InvalidChoice);
                }
            }
        }
        Ok(())
    }

    /// What the application's current step's form asks besides the recommendation (None: no form there).
    pub async fn evaluation_form_of(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
    ) -> Result<Option<FormDefinition>, AppError> {
        let app = self.application(actor, application_id).await?;
        let mut conn = self.db.conn().await?;
        let company = &actor.principal.company_id;
        let steps = postings::steps(&mut conn, company, &app.posting_id).await?;
        let forms = evaluations::forms(&mut conn, company).await?;
        Ok(steps
            .iter()
            .find(|s| s.id == app.step_id)
            .and_then(|s| StepForm::of(&s.evaluation_form, &forms))
            .map(|f| f.definition))
    }

    /// Records the actor's evaluation of an application in its current step; returns the candidate's id.
    pub async fn evaluate(
        &self,
        actor: &Actor,
        application_id: &ApplicationId,
        input: &EvaluationInput,
    ) -> Result<CandidateId, AppError> {
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        let app = self.application_for(&mut tx, actor, application_id, Action::Work).await?;
        // What remains of an anonymised candidate is statistics: no new comment or answer about them.
        let candidate = store::candidates::get(&mut tx, company, &app.candidate_id).await?;
        if candidate.is_none_or(|c| c.anonymised_at.is_some()) {
            return Err(AppError::Refused("privacy.anonymised_refused"));
        }
        let steps = postings::steps(&mut tx, company, &app.posting_id).await?;
        let forms = evaluations::forms(&mut tx, company).await?;
        let form = steps
            .iter()
            .find(|s| s.id == app.step_id)
            .and_then(|s| StepForm::of(&s.evaluation_form, &forms))
            .filter(|_| app.archived_at.is_none())
            .ok_or(AppError::Refused("evaluation.not_open"))?;
        let valid = input.validate(&form.definition)?;
        let now = store::now_ms();
        let new = NewEvaluation {
            company_id: company,
            application_id,
            step_id: &app.step_id,
            author: &actor.principal.user_id,
            form: &form.code,
            evaluation: &valid,
        };
        let id = match evaluations::insert(&mut tx, &new, now).await {
            Ok(id) => id,
            Err(StoreError::Duplicate) => {
                let mut errors = FieldErrors::new();
                errors.push("recommendation", ErrorCode::AlreadyEvaluated);
                return Err(errors.into());
            }
            Err(e) => return Err(e.into()),
        };
        let detail = serde_json::json!({
            "step": app.step_name, "posting": app.posting_title, "recommendation": valid.recommendation.code()
        });
        self.record(&mut tx, actor, "evaluation.created", format!("evaluation:{id}"), detail.clone(), now).await?;
        self.log(&mut tx, entry(actor, &app), "evaluated", detail, now).await?;
        tx.commit().await?;
        Ok(app.candidate_id)
    }
}
