//! Who acts behind a credential: an active employee with their login, their company and the company switcher's
//! choices, read in one query whatever names them (a session cookie, an API key, an operator's command), since
//! every signed-in request asks.

use domain::company::Company;
use domain::{CompanyId, EmployeeStatus, Principal, Role, UserId};

use crate::companies;
use crate::users::{self, User};
use crate::{packed, Conn, StoreError};

/// An active employee, as a signed-in page or API call needs them.
#[derive(Clone, Debug)]
pub struct Acting {
    pub principal: Principal,
    pub user: User,
    pub company: Company,
    /// Every company where this login is an active employee, by name (the company switcher).
    pub companies: Vec<Company>,
    /// The company's `postings_version` (migration 0013): which cached posting choices are still current.
    pub postings_version: i64,
    /// The company's `names_version` (migration 0040): which cached tag and employee names are still current.
    pub names_version: i64,
}

/// What `select` reads besides the credential's own columns.
#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    company_id: String,
    user_id: String,
    role: String,
    email: String,
    first_name: String,
    last_name: String,
    language: String,
    password_hash: Option<String>,
    company_name: String,
    slug: String,
    default_language: String,
    postings_version: i64,
    names_version: i64,
    companies: Option<String>,
}

/// `SELECT {columns}, <what Acting holds>` (`columns` may be empty) from the credential table `credential` (aliased
/// `k`, with `company_id`
/// and `user_id`) where `condition` holds and its employee is active. The switcher's separators are bound at
/// `$first` and `$first + 1` (`packed::bind_separators`, after the condition's binds).
pub(crate) fn select(columns: &str, credential: &str, condition: &str, first: usize) -> String {
    let columns = if columns.is_empty() { String::new() } else { format!("{columns}, ") };
    format!(
        "SELECT {columns}e.company_id, e.user_id, e.role, \
           u.email, u.first_name, u.last_name, u.language, u.password_hash, \
           c.name AS company_name, c.slug, c.default_language, c.postings_version, \
           c.names_version, \
           (SELECT {switcher} FROM companies oc JOIN employees oe ON oe.company_id = oc.id \
            WHERE oe.user_id = e.user_id AND oe.status = '{active}') AS companies \
         FROM {credential} k JOIN employees e ON e.company_id = k.company_id AND e.user_id = k.user_id \
         JOIN users u ON u.id = e.user_id JOIN companies c ON c.id = e.company_id \
         WHERE {condition} AND e.status = '{active}'",
        switcher = packed::select(&["oc.id", "oc.name", "oc.slug", "oc.default_language"], first),
        active = EmployeeStatus::Active.code(),
    )
}

impl Row {
    /// `None` for a role this build does not know.
    pub(crate) fn into_acting(self) -> Option<Acting> {
        let role = Role::from_code(&self.role)?;
        let company = |id: String, name: String, slug: String, default_language: String| {
            Company::from(companies::Row { id, name, slug, default_language })
        };
        let mut companies = packed::unpack(self.companies.as_deref().unwrap_or(""), 4);
        companies.sort_by(|a, b| a[1].cmp(&b[1]));
        let companies = companies
            .into_iter()
            .map(|mut f| {
                let mut take = |i: usize| std::mem::take(&mut f[i]);
                company(take(0), take(1), take(2), take(3))
            })
            .collect();
        Some(Acting {
            principal: Principal {
                user_id: UserId::from_db(self.user_id.clone()),
                company_id: CompanyId::from_db(self.company_id.clone()),
                role,
            },
            user: User::from(users::Row {
                id: self.user_id,
                email: self.email,
                first_name: self.first_name,
                last_name: self.last_name,
                language: self.language,
                password_hash: self.password_hash,
            }),
            company: company(self.company_id, self.company_name, self.slug, self.default_language),
            companies,
            postings_version: self.postings_version,
            names_version: self.names_version,
        })
    }
}

/// The login `user` acting in `company`, if they are an active employee there.
pub async fn of_employee(conn: &mut Conn, company: &CompanyId, user: &UserId) -> Result<Option<Acting>, StoreError> {
    let sql = select("", "employees", "k.company_id = $1 AND k.user_id = $2", 3);
    let query = sqlx::query_as(&sql).bind(company.as_str()).bind(user.as_str());
    let row: Option<Row> = packed::bind_separators(query).fetch_optional(conn).await?;
    Ok(row.and_then(Row::into_acting))
}
