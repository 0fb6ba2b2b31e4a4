use domain::company::Company;
use domain::{Capability, Language, Principal, Reach, UserId};

/// A signed-in employee acting in one company, with what every page shows of them.
#[derive(Clone, Debug)]
pub struct Actor {
    pub principal: Principal,
    pub user: Me,
    pub company: Company,
    /// Every company where this login is an active employee (this one included): the company switcher.
    pub companies: Vec<Company>,
    /// The company's `postings_version` when this request began (see `posting_choices`).
    pub postings_version: i64,
    /// The company's `names_version` when this request began (see `company_names`).
    pub names_version: i64,
    /// What this employee can reach of the company's postings, applications and candidates, read off the policy
    /// once for the request; every list and lookup on their behalf is narrowed by it (`store::reach`).
    pub reach: Reach,
}

impl From<store::acting::Acting> for Actor {
    fn from(a: store::acting::Acting) -> Actor {
        Actor {
            reach: a.principal.reach(),
            principal: a.principal,
            user: Me::from(a.user),
            company: a.company,
            companies: a.companies,
            postings_version: a.postings_version,
            names_version: a.names_version,
        }
    }
}

/// The signed-in person as pages show them: the login's row without its password hash.
#[derive(Clone, Debug)]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub language: Language,
}

impl From<store::users::User> for Me {
    fn from(u: store::users::User) -> Me {
        Me { id: u.id, email: u.email, first_name: u.first_name, last_name: u.last_name, language: u.language }
    }
}

impl Me {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

impl Actor {
    pub fn can(&self, capability: Capability) -> bool {
        self.principal.can(capability)
    }

    pub fn full_name(&self) -> String {
        self.user.full_name()
    }

    /// The letters shown in the avatar button: first letter of first and last name.
    pub fn initials(&self) -> String {
        [&self.user.first_name, &self.user.last_name]
            .iter()
            .filter_map(|n| n.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }

    pub fn language(&self) -> Language {
        self.user.language
    }
}
