//! An employee of a company as its lists show them: the Ansatte page, the posting's contact and hiring team
//! choices, the @-mentions of a note.

use crate::{EmployeeStatus, Language, Role, UserId};

/// An employee as the Ansatte page lists them.
#[derive(Clone, Debug)]
pub struct ListedEmployee {
    pub user_id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: Language,
    pub role: Role,
    pub status: EmployeeStatus,
    pub invited_at: Option<i64>,
    pub joined_at: Option<i64>,
}

impl ListedEmployee {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A member of a posting's hiring team.
#[derive(Clone, Debug)]
pub struct Member {
    pub user_id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: Language,
    pub status: EmployeeStatus,
}

impl Member {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}
