//! "Min profil": the signed-in person's own name and language.

use domain::validate::{self, ErrorCode, NAME_MAX};
use domain::{FieldErrors, Language};
use store::users;

use crate::{Actor, App, AppError};

#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub first_name: String,
    pub last_name: String,
    pub language: String,
}

impl App {
    pub async fn update_profile(&self, actor: &Actor, input: &ProfileInput) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let first = errors.check(validate::single_line("first_name", &input.first_name, NAME_MAX));
        let last = errors.check(validate::single_line("last_name", &input.last_name, NAME_MAX));
        let language = Language::from_code(&input.language);
        if language.is_none() {
            errors.push("language", ErrorCode::InvalidChoice);
        }
        let (Some(first), Some(last), Some(language)) = (first, last, language) else {
            return Err(errors.into());
        };
        let mut tx = self.db.write().await?;
        users::update_profile(&mut tx, &actor.principal.user_id, &first, &last, language).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The language switch on every page remembers the choice for the signed-in person.
    pub async fn set_language(&self, actor: &Actor, language: Language) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        users::set_language(&mut tx, &actor.principal.user_id, language).await?;
        tx.commit().await?;
        Ok(())
    }
}
