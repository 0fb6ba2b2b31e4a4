//! "Bedriftsinnstillinger": company-wide settings, for administrators only.

use domain::validate::{self, COMPANY_NAME_MAX};
use domain::{Capability, FieldErrors};
use store::companies;

use crate::{Actor, App, AppError};

pub const PRIVACY_MAX: usize = 20_000;

impl App {
    /// Refuses (as not found) anyone without `capability`: a page they may not use is one they do not see.
    pub fn require(&self, actor: &Actor, capability: Capability) -> Result<(), AppError> {
        if actor.can(capability) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The company's own privacy notices (nb, en), empty where the default text is used.
    pub async fn privacy_notices(&self, actor: &Actor) -> Result<(String, String), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut conn = self.db.conn().await?;
        let company = &actor.principal.company_id;
        let nb = companies::privacy_notice(&mut conn, company, domain::Language::Nb).await?.unwrap_or_default();
        let en = companies::privacy_notice(&mut conn, company, domain::Language::En).await?.unwrap_or_default();
        Ok((nb, en))
    }

    /// Bedrift: the company's name and its privacy notice per language (empty means the default text), saved
    /// together or not at all.
    pub async fn update_company_settings(
        &self,
        actor: &Actor,
        name: &str,
        privacy_nb: &str,
        privacy_en: &str,
    ) -> Result<(), AppError> {
        self.require(actor, Capability::ManageCompanySettings)?;
        let mut errors = FieldErrors::new();
        let name = errors.check(validate::single_line("company_name", name, COMPANY_NAME_MAX));
        let privacy_nb = errors.check(validate::text("privacy_nb", privacy_nb, PRIVACY_MAX, false));
        let privacy_en = errors.check(validate::text("privacy_en", privacy_en, PRIVACY_MAX, false));
        let (Some(name), Some(privacy_nb), Some(privacy_en)) = (name, privacy_nb, privacy_en) else {
            return Err(errors.into());
        };
        let now = store::now_ms();
        let company = &actor.principal.company_id;
        let mut tx = self.db.write().await?;
        companies::rename(&mut tx, company, &name).await?;
        for (lang, text) in [(domain::Language::Nb, privacy_nb.as_str()), (domain::Language::En, privacy_en.as_str())] {
            companies::set_privacy_notice(&mut tx, company, lang, Some(text).filter(|t| !t.is_empty())).await?;
        }
        let detail = serde_json::json!({ "name": { "from": actor.company.name, "to": name } });
        self.record(&mut tx, actor, "company.settings_changed", format!("company:{company}"), detail, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
