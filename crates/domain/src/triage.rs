//! Triage (issue 22, part 2): where an application stands in a recruiter's first look — not evaluated yet,
//! starred, or to follow up — and the company's free-form tags on candidates.

use crate::validate::{self, ErrorCode, FieldError};

/// What the board shows of each column: every card, or those with a triage state (`Triage` code) and of
/// candidates carrying a tag (id).
#[derive(Clone, Copy, Debug, Default)]
pub struct Narrowed<'a> {
    pub triage: Option<&'a str>,
    pub tag: Option<&'a str>,
}

impl Narrowed<'_> {
    pub fn is_empty(&self) -> bool {
        self.triage.is_none() && self.tag.is_none()
    }
}

/// An application's triage state; every application starts `NotEvaluated`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Triage {
    #[default]
    NotEvaluated,
    Starred,
    FollowUp,
}

impl Triage {
    pub const ALL: [Triage; 3] = [Triage::NotEvaluated, Triage::Starred, Triage::FollowUp];

    /// The stored value, also the value of the forms, the URL filter and the API.
    pub fn code(self) -> &'static str {
        match self {
            Triage::NotEvaluated => "none",
            Triage::Starred => "starred",
            Triage::FollowUp => "follow_up",
        }
    }

    pub fn from_code(code: &str) -> Option<Triage> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The translation key of its label («Ikke vurdert», «Stjernemarkert», «Følg opp»).
    pub fn label_key(self) -> &'static str {
        match self {
            Triage::NotEvaluated => "triage.none",
            Triage::Starred => "triage.starred",
            Triage::FollowUp => "triage.follow_up",
        }
    }

    /// The icon shown on the toggle button (its text is for screen readers).
    pub fn icon(self) -> &'static str {
        match self {
            Triage::NotEvaluated => "○",
            Triage::Starred => "★",
            Triage::FollowUp => "⚑",
        }
    }
}

/// Characters of a tag's name at most.
pub const TAG_MAX: usize = 40;

/// A tag's name as typed: one line, not empty, at most `TAG_MAX` characters, and no markup (`<`, `>`), which a
/// tag has no use for and which would only ever be someone trying a page out.
pub fn tag_name(field: &'static str, value: &str) -> Result<String, FieldError> {
    let v = validate::single_line(field, value, TAG_MAX)?;
    if v.contains(['<', '>']) {
        return Err(FieldError { field: field.into(), code: ErrorCode::Markup });
    }
    Ok(v)
}

/// The key under which a tag's name is unique in its company: case-insensitive, as "Java" and "java" are one tag.
pub fn tag_key(name: &str) -> String {
    name.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in Triage::ALL {
            assert_eq!(Triage::from_code(t.code()), Some(t));
        }
        assert_eq!(Triage::from_code("star"), None);
        assert_eq!(Triage::default(), Triage::NotEvaluated);
    }

    #[test]
    fn tag_names_are_short_single_lines_without_markup() {
        assert_eq!(tag_name("tag", "  Java  ").unwrap(), "Java");
        assert_eq!(tag_name("tag", &"x".repeat(TAG_MAX)).unwrap().chars().count(), TAG_MAX);
        assert_eq!(tag_name("tag", &"x".repeat(200)).unwrap_err().code, ErrorCode::TooLong { max: TAG_MAX });
        assert_eq!(tag_name("tag", "<b>x</b>").unwrap_err().code, ErrorCode::Markup);
        assert_eq!(tag_name("tag", "   ").unwrap_err().code, ErrorCode::Required);
        assert_eq!(tag_key("Java"), tag_key("JAVA"));
    }
}
