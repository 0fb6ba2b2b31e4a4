//! The one place where what a principal can reach (`domain::Reach`) becomes SQL. Every query that lists or opens
//! postings, applications or candidates on someone's behalf takes a `&Reach` and writes its condition with this
//! module: the parameter cannot be left out, and the rule is written once.

use domain::Reach;

/// A reach inside one query's text: `company` is the expression of the company (a placeholder or a column) and
/// `member` the placeholder the query binds to `Reach::member` when there is one (its conditions are empty for
/// the whole company, and the placeholder is then neither written nor bound: put it last).
pub(crate) struct Scope<'a> {
    reach: &'a Reach,
    company: String,
    member: String,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(reach: &'a Reach, company: &str, member: &str) -> Scope<'a> {
        Scope { reach, company: company.to_string(), member: member.to_string() }
    }

    /// ` AND …` keeping postings whose id is the column `posting`: those on the member's hiring teams.
    pub(crate) fn postings(&self, posting: &str) -> String {
        match self.reach {
            Reach::Company => String::new(),
            Reach::Relations { .. } => format!(" AND {posting} IN ({})", self.team_postings()),
        }
    }

    /// ` AND …` keeping postings whose id is the column `posting` that hold an application the reach includes: the
    /// member's hiring teams' postings, and those of applications assigned to the member (what Kandidater names
    /// and filters by; the posting itself may still be closed to them).
    pub(crate) fn postings_of_applications(&self, posting: &str) -> String {
        match self.reach {
            Reach::Company => String::new(),
            Reach::Relations { .. } => format!(
                " AND ({posting} IN ({}) OR {posting} IN (SELECT g.posting_id FROM applications g \
                 WHERE g.company_id = {} AND g.assigned_to = {}))",
                self.team_postings(),
                self.company,
                self.member
            ),
        }
    }

    /// ` AND …` keeping the applications aliased `alias`: those in the member's hiring teams' postings, and those
    /// assigned to the member. `text_suffix` is written after each text column (`" || ''"` keeps an index from
    /// answering it; see `candidate_list`).
    pub(crate) fn applications(&self, alias: &str, text_suffix: &str) -> String {
        match self.reach {
            Reach::Company => String::new(),
            Reach::Relations { .. } => format!(
                " AND ({alias}.posting_id{text_suffix} IN ({}) OR {alias}.assigned_to{text_suffix} = {})",
                self.team_postings(),
                self.member
            ),
        }
    }

    /// Whether the reach is the whole company (no condition at all).
    pub(crate) fn is_company(&self) -> bool {
        matches!(self.reach, Reach::Company)
    }

    fn team_postings(&self) -> String {
        format!(
            "SELECT h.posting_id FROM hiring_team h WHERE h.company_id = {} AND h.user_id = {}",
            self.company, self.member
        )
    }
}
