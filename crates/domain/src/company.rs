//! A company (tenant) of the installation, as everything from the layout to the careers page shows it.

use crate::{CompanyId, Language};

#[derive(Clone, Debug)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub slug: String,
    pub default_language: Language,
}
