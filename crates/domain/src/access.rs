//! The access policy: who may do what. Every authorization decision in `app` asks this module, so the rules live
//! in one place for the UI and the API alike. Relationship-based rules (hiring team membership) join it as
//! postings arrive; the role rules are complete here.

use crate::{CompanyId, Role, UserId};

/// The acting employee: one login acting inside one company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub company_id: CompanyId,
    pub role: Role,
}

/// Company-wide capabilities that depend on the role alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    /// Bedriftsinnstillinger: company name, privacy notice, email log.
    ManageCompanySettings,
    /// Ansatte: invite, change role, deactivate.
    ManageEmployees,
    /// Ny stillingsannonse, and editing any posting.
    ManagePostings,
    /// See every posting and candidate without being on the hiring team.
    SeeAllPostingsAndCandidates,
    /// Source candidates into postings, bulk actions, CSV export.
    SourceCandidates,
}

impl Capability {
    pub const ALL: [Capability; 5] = [
        Capability::ManageCompanySettings,
        Capability::ManageEmployees,
        Capability::ManagePostings,
        Capability::SeeAllPostingsAndCandidates,
        Capability::SourceCandidates,
    ];
}

/// Whether `role` carries `capability` in its company.
pub fn role_allows(role: Role, capability: Capability) -> bool {
    use Capability::*;
    match role {
        Role::Administrator => true,
        Role::Recruiter => matches!(capability, ManagePostings | SeeAllPostingsAndCandidates | SourceCandidates),
        Role::User => false,
    }
}

impl Principal {
    pub fn can(&self, capability: Capability) -> bool {
        role_allows(self.role, capability)
    }

    /// Whether this principal acts inside `company`: the first check of every tenant-owned resource.
    pub fn is_in(&self, company: &CompanyId) -> bool {
        &self.company_id == company
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    /// The whole role × capability table, written out so a change to the policy is a visible change here.
    #[test]
    fn role_capability_table() {
        let expected: [(Role, Capability, bool); 15] = [
            (Role::Administrator, ManageCompanySettings, true),
            (Role::Administrator, ManageEmployees, true),
            (Role::Administrator, ManagePostings, true),
            (Role::Administrator, SeeAllPostingsAndCandidates, true),
            (Role::Administrator, SourceCandidates, true),
            (Role::Recruiter, ManageCompanySettings, false),
            (Role::Recruiter, ManageEmployees, false),
            (Role::Recruiter, ManagePostings, true),
            (Role::Recruiter, SeeAllPostingsAndCandidates, true),
            (Role::Recruiter, SourceCandidates, true),
            (Role::User, ManageCompanySettings, false),
            (Role::User, ManageEmployees, false),
            (Role::User, ManagePostings, false),
            (Role::User, SeeAllPostingsAndCandidates, false),
            (Role::User, SourceCandidates, false),
        ];
        assert_eq!(expected.len(), Role::ALL.len() * Capability::ALL.len());
        for (role, cap, allowed) in expected {
            assert_eq!(role_allows(role, cap), allowed, "{role:?} × {cap:?}");
        }
    }

    #[test]
    fn principal_is_bound_to_its_company() {
        let p = Principal { user_id: UserId::generate(), company_id: CompanyId::generate(), role: Role::Administrator };
        assert!(p.is_in(&p.company_id.clone()));
        assert!(!p.is_in(&CompanyId::generate()));
    }
}
