//! The company's tags and employees by name, as the Kandidater page needs them (the Tagg and Tildelt filters'
//! choices, each row's assignee), kept in memory per company between requests (`versioned_cache`): reading
//! them were two of the page's four queries, each a round trip to the database's thread. An entry serves a
//! request only when the company's `names_version` (read with the session, in the same query; raised by every
//! write of a tag, an employee or a login's name: `store::companies::names_changed`) is the one it was stored at.

use std::sync::Arc;

use domain::CompanyId;

use crate::versioned_cache::{VersionedCache, Weighed};
use crate::{Actor, App, AppError};
use store::Conn;

/// The company's names, shared by the requests that use them.
#[derive(Clone, Debug, Default)]
pub struct Names(Arc<Held>);

#[derive(Debug, Default)]
struct Held {
    /// (id, name) of the company's tags, by name.
    tags: Vec<(String, String)>,
    /// (user id, full name) of its employees, by name.
    employees: Vec<(String, String)>,
}

impl Names {
    pub fn tags(&self) -> &[(String, String)] {
        &self.0.tags
    }

    pub fn employees(&self) -> &[(String, String)] {
        &self.0.employees
    }
}

impl Weighed for Names {
    fn weight(&self) -> usize {
        self.tags().len() + self.employees().len()
    }
}

/// The names per company, at the company's `names_version`.
pub(crate) type NameCache = VersionedCache<CompanyId, Names>;

impl App {
    /// The company's names as of this request's session.
    pub(crate) async fn company_names(&self, conn: &mut Conn, actor: &Actor) -> Result<Names, AppError> {
        let company = &actor.principal.company_id;
        if let Some(names) = self.company_names.get(company, actor.names_version) {
            return Ok(names);
        }
        let tags =
            store::tags::names(conn, company).await?.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
        let employees = store::employees::list(conn, company)
            .await?
            .into_iter()
            .map(|e| (e.user_id.to_string(), e.full_name()))
            .collect();
        let names = Names(Arc::new(Held { tags, employees }));
        self.company_names.put(company.clone(), actor.names_version, names.clone());
        Ok(names)
    }
}
