//! "Bedriftsinnstillinger": company-wide settings, for administrators only.

use domain::validate::{self, COMPANY_NAME_MAX};
use domain::{Capability, FieldErrors};
use store::{audit, companies};

use crate::{Actor, App, AppError};

impl App {
    /// Refuses (as not found) anyone without the settings capability.
    pub fn require(&self, actor: &Actor, capability: Capability) -> Result<(), AppError> {
        if actor.can(capability) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    pub async fn rename_company(&self, actor: &Actor, name: &str) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut errors = FieldErrors::new();
        let Some(name) = errors.check(validate::single_line("company_name", name, COMPANY_NAME_MAX)) else {
            return Err(errors.into());
        };
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        companies::rename(&mut tx, company, &name).await?;
        let event = audit::Event {
            company_id: company,
            actor: Some(&actor.principal.user_id),
            action: "company.renamed",
            subject: format!("company:{company}"),
            detail: serde_json::json!({ "from": actor.company.name, "to": name }).to_string(),
        };
        audit::record(&mut tx, &event, now).await?;
        tx.commit().await.map_err(store::StoreError::from)?;
        Ok(())
    }
}
