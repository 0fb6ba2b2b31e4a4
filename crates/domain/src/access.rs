//! The access policy: who may do what. Every authorization decision in `app` asks this module, so the rules live
//! in one place for the UI and the API alike: capabilities by role alone, actions on postings, candidates and
//! applications by role and relationship (hiring team, assignment), and — derived from those once per request —
//! the `Reach` that every list and lookup is narrowed by (`store::reach` turns it into SQL).

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
    /// Source candidates into postings, bulk actions.
    SourceCandidates,
    /// Export the Kandidater list as CSV (personal data leaving ansett: never for a Bruker).
    ExportCandidates,
    /// Personvern: the retention policy, and exporting or deleting one candidate's data (Administrators only).
    ManagePersonalData,
}

impl Capability {
    pub const ALL: [Capability; 7] = [
        Capability::ManageCompanySettings,
        Capability::ManageEmployees,
        Capability::ManagePostings,
        Capability::SeeAllPostingsAndCandidates,
        Capability::SourceCandidates,
        Capability::ExportCandidates,
        Capability::ManagePersonalData,
    ];
}

/// Whether `role` carries `capability` in its company.
pub fn role_allows(role: Role, capability: Capability) -> bool {
    use Capability::*;
    match role {
        Role::Administrator => true,
        Role::Recruiter => {
            matches!(capability, ManagePostings | SeeAllPostingsAndCandidates | SourceCandidates | ExportCandidates)
        }
        Role::User => false,
    }
}

/// What is being done to a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See it (pages, files, API, search results).
    View,
    /// Work on it as a hiring-team member does: move between steps, evaluate, write notes.
    Work,
    /// Create, edit, delete, change settings.
    Manage,
}

/// A company-owned resource whose access depends on a relationship between the principal and it. (What depends on
/// the role alone — settings, employees, the email log — is a `Capability`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Posting {
        on_hiring_team: bool,
    },
    /// A candidate; `applied_to_team_posting`: has an application in a posting whose hiring team the principal is on.
    Candidate {
        applied_to_team_posting: bool,
    },
    /// One application (candidate × posting); `on_hiring_team` of that posting; `assigned_to_me`: «Tildel til
    /// ansatt» handed this application to the principal.
    Application {
        on_hiring_team: bool,
        assigned_to_me: bool,
    },
}

impl Action {
    pub const ALL: [Action; 3] = [Action::View, Action::Work, Action::Manage];
}

impl Resource {
    /// Every resource with every relationship, for exhaustive tests.
    pub const ALL: [Resource; 8] = [
        Resource::Posting { on_hiring_team: false },
        Resource::Posting { on_hiring_team: true },
        Resource::Candidate { applied_to_team_posting: false },
        Resource::Candidate { applied_to_team_posting: true },
        Resource::Application { on_hiring_team: false, assigned_to_me: false },
        Resource::Application { on_hiring_team: true, assigned_to_me: false },
        Resource::Application { on_hiring_team: false, assigned_to_me: true },
        Resource::Application { on_hiring_team: true, assigned_to_me: true },
    ];
}

/// The access policy: whether `role` may do `action` to `resource` of its own company. Another company's
/// resources are never allowed (see `Principal::may`).
pub fn allows(role: Role, action: Action, resource: Resource) -> bool {
    use Resource::*;
    match role {
        Role::Administrator => true,
        Role::Recruiter => matches!(resource, Posting { .. } | Candidate { .. } | Application { .. }),
        Role::User => match (resource, action) {
            (Posting { on_hiring_team: true }, Action::View) => true,
            (Application { on_hiring_team: true, .. }, Action::View | Action::Work) => true,
            // «Tildel til ansatt»: the assignee sees and works on that one application, as a team member would.
            (Application { assigned_to_me: true, .. }, Action::View | Action::Work) => true,
            // Notes live on the candidate: a team member may see the candidate and write on it, not edit it.
            (Candidate { applied_to_team_posting: true }, Action::View | Action::Work) => true,
            _ => false,
        },
    }
}

/// What a principal can reach of their company's postings, applications and candidates: the policy's `View`
/// column, decided once per request (`Principal::reach`) and handed, typed, to every query that lists or opens
/// them, so that no query re-derives it or forgets it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reach {
    /// Every posting, application and candidate of the company (Administrators, Rekrutterere).
    Company,
    /// Only through relationships (a Bruker): the postings whose hiring team includes `member` with all their
    /// applications, and the applications assigned to `member`. A candidate is reachable through a reachable
    /// application.
    Relations { member: UserId },
}

impl Reach {
    /// Whether a posting is reachable, given the relationship.
    pub fn posting(&self, on_hiring_team: bool) -> bool {
        match self {
            Reach::Company => true,
            Reach::Relations { .. } => on_hiring_team,
        }
    }

    /// Whether an application is reachable, given the relationships.
    pub fn application(&self, on_hiring_team: bool, assigned_to_me: bool) -> bool {
        match self {
            Reach::Company => true,
            Reach::Relations { .. } => on_hiring_team || assigned_to_me,
        }
    }

    /// The member whose relationships decide, when they do.
    pub fn member(&self) -> Option<&UserId> {
        match self {
            Reach::Company => None,
            Reach::Relations { member } => Some(member),
        }
    }
}

impl Principal {
    /// What this principal can reach, read off the policy: the whole company when they may view every posting and
    /// application without any relationship, otherwise only what their relationships give.
    pub fn reach(&self) -> Reach {
        let unrelated = [
            Resource::Posting { on_hiring_team: false },
            Resource::Application { on_hiring_team: false, assigned_to_me: false },
        ];
        if unrelated.into_iter().all(|r| allows(self.role, Action::View, r)) {
            Reach::Company
        } else {
            Reach::Relations { member: self.user_id.clone() }
        }
    }

    pub fn can(&self, capability: Capability) -> bool {
        role_allows(self.role, capability)
    }

    /// Whether this principal acts inside `company`: the first check of every tenant-owned resource.
    pub fn is_in(&self, company: &CompanyId) -> bool {
        &self.company_id == company
    }

    /// The one question every use case asks: may I do `action` to this `resource` owned by `owner`?
    pub fn may(&self, action: Action, resource: Resource, owner: &CompanyId) -> bool {
        self.is_in(owner) && allows(self.role, action, resource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    /// The whole role × capability table, written out so a change to the policy is a visible change here.
    #[test]
    fn role_capability_table() {
        let expected: [(Role, Capability, bool); 21] = [
            (Role::Administrator, ManageCompanySettings, true),
            (Role::Administrator, ManageEmployees, true),
            (Role::Administrator, ManagePostings, true),
            (Role::Administrator, SeeAllPostingsAndCandidates, true),
            (Role::Administrator, SourceCandidates, true),
            (Role::Administrator, ExportCandidates, true),
            (Role::Administrator, ManagePersonalData, true),
            (Role::Recruiter, ManageCompanySettings, false),
            (Role::Recruiter, ManageEmployees, false),
            (Role::Recruiter, ManagePostings, true),
            (Role::Recruiter, SeeAllPostingsAndCandidates, true),
            (Role::Recruiter, SourceCandidates, true),
            (Role::Recruiter, ExportCandidates, true),
            (Role::Recruiter, ManagePersonalData, false),
            (Role::User, ManageCompanySettings, false),
            (Role::User, ManageEmployees, false),
            (Role::User, ManagePostings, false),
            (Role::User, SeeAllPostingsAndCandidates, false),
            (Role::User, SourceCandidates, false),
            (Role::User, ExportCandidates, false),
            (Role::User, ManagePersonalData, false),
        ];
        assert_eq!(expected.len(), Role::ALL.len() * Capability::ALL.len());
        for (role, cap, allowed) in expected {
            assert_eq!(role_allows(role, cap), allowed, "{role:?} × {cap:?}");
        }
    }

    /// Role × action × resource × relationship, every cell written out.
    #[test]
    fn policy_table_is_exhaustive() {
        use Action::*;
        use Resource::*;
        let (t, f) = (true, false);
        // Columns: View, Work, Manage.
        let table: [(Role, Resource, [bool; 3]); 24] = [
            (Role::Administrator, Posting { on_hiring_team: false }, [t, t, t]),
            (Role::Administrator, Posting { on_hiring_team: true }, [t, t, t]),
            (Role::Administrator, Candidate { applied_to_team_posting: false }, [t, t, t]),
            (Role::Administrator, Candidate { applied_to_team_posting: true }, [t, t, t]),
            (Role::Administrator, Application { on_hiring_team: false, assigned_to_me: false }, [t, t, t]),
            (Role::Administrator, Application { on_hiring_team: true, assigned_to_me: false }, [t, t, t]),
            (Role::Administrator, Application { on_hiring_team: false, assigned_to_me: true }, [t, t, t]),
            (Role::Administrator, Application { on_hiring_team: true, assigned_to_me: true }, [t, t, t]),
            (Role::Recruiter, Posting { on_hiring_team: false }, [t, t, t]),
            (Role::Recruiter, Posting { on_hiring_team: true }, [t, t, t]),
            (Role::Recruiter, Candidate { applied_to_team_posting: false }, [t, t, t]),
            (Role::Recruiter, Candidate { applied_to_team_posting: true }, [t, t, t]),
            (Role::Recruiter, Application { on_hiring_team: false, assigned_to_me: false }, [t, t, t]),
            (Role::Recruiter, Application { on_hiring_team: true, assigned_to_me: false }, [t, t, t]),
            (Role::Recruiter, Application { on_hiring_team: false, assigned_to_me: true }, [t, t, t]),
            (Role::Recruiter, Application { on_hiring_team: true, assigned_to_me: true }, [t, t, t]),
            (Role::User, Posting { on_hiring_team: false }, [f, f, f]),
            (Role::User, Posting { on_hiring_team: true }, [t, f, f]),
            (Role::User, Candidate { applied_to_team_posting: false }, [f, f, f]),
            (Role::User, Candidate { applied_to_team_posting: true }, [t, t, f]),
            (Role::User, Application { on_hiring_team: false, assigned_to_me: false }, [f, f, f]),
            (Role::User, Application { on_hiring_team: true, assigned_to_me: false }, [t, t, f]),
            (Role::User, Application { on_hiring_team: false, assigned_to_me: true }, [t, t, f]),
            (Role::User, Application { on_hiring_team: true, assigned_to_me: true }, [t, t, f]),
        ];
        assert_eq!(table.len(), Role::ALL.len() * Resource::ALL.len());
        for role in Role::ALL {
            for resource in Resource::ALL {
                let row = table.iter().find(|(r, res, _)| *r == role && *res == resource).expect("every cell listed");
                for (i, action) in [View, Work, Manage].into_iter().enumerate() {
                    assert_eq!(allows(role, action, resource), row.2[i], "{role:?} {action:?} {resource:?}");
                }
            }
        }
    }

    /// The reach is the policy's `View` column: for every role and relationship, reachable exactly when viewable.
    #[test]
    fn reach_is_the_policys_view_column() {
        for role in Role::ALL {
            let p = Principal { user_id: UserId::generate(), company_id: CompanyId::generate(), role };
            let reach = p.reach();
            for resource in Resource::ALL {
                let reachable = match resource {
                    Resource::Posting { on_hiring_team } => reach.posting(on_hiring_team),
                    Resource::Application { on_hiring_team, assigned_to_me } => {
                        reach.application(on_hiring_team, assigned_to_me)
                    }
                    // A candidate through a reachable application: one in a team posting, or one assigned.
                    Resource::Candidate { applied_to_team_posting } => {
                        reach.application(applied_to_team_posting, false)
                    }
                };
                assert_eq!(reachable, allows(role, Action::View, resource), "{role:?} {resource:?}");
            }
            assert_eq!(reach.member(), (role == Role::User).then_some(&p.user_id), "{role:?}");
        }
    }

    #[test]
    fn another_companys_resources_are_never_allowed() {
        let p = Principal { user_id: UserId::generate(), company_id: CompanyId::generate(), role: Role::Administrator };
        let other = CompanyId::generate();
        for resource in Resource::ALL {
            for action in Action::ALL {
                assert!(!p.may(action, resource, &other), "{action:?} {resource:?}");
                assert!(p.may(action, resource, &p.company_id.clone()));
            }
        }
    }

    #[test]
    fn principal_is_bound_to_its_company() {
        let p = Principal { user_id: UserId::generate(), company_id: CompanyId::generate(), role: Role::Administrator };
        assert!(p.is_in(&p.company_id.clone()));
        assert!(!p.is_in(&CompanyId::generate()));
    }
}
