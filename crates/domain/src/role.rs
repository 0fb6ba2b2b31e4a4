//! Employee roles and statuses, stored as their stable codes.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Company settings, employees, everything.
    Administrator,
    /// All postings and candidates of the company; no company settings.
    Recruiter,
    /// E.g. a recruitment agency: only postings whose hiring team they are on, and those candidates.
    User,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Administrator, Role::Recruiter, Role::User];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Recruiter => "recruiter",
            Role::User => "user",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmployeeStatus {
    Active,
    Invited,
    Deactivated,
}

impl EmployeeStatus {
    pub const ALL: [EmployeeStatus; 3] = [EmployeeStatus::Active, EmployeeStatus::Invited, EmployeeStatus::Deactivated];

    pub fn code(self) -> &'static str {
        match self {
            EmployeeStatus::Active => "active",
            EmployeeStatus::Invited => "invited",
            EmployeeStatus::Deactivated => "deactivated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        EmployeeStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_rejected() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        for s in EmployeeStatus::ALL {
            assert_eq!(EmployeeStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(Role::from_code("owner"), None);
        assert_eq!(EmployeeStatus::from_code("Active"), None);
    }
}
