//! Why an application was rejected: a short fixed list, so reasons can be counted and shown in both languages.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionReason {
    NotQualified,
    OtherCandidate,
    Withdrew,
    NoResponse,
    Other,
}

impl RejectionReason {
    pub const ALL: [RejectionReason; 5] = [
        RejectionReason::NotQualified,
        RejectionReason::OtherCandidate,
        RejectionReason::Withdrew,
        RejectionReason::NoResponse,
        RejectionReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RejectionReason::NotQualified => "not_qualified",
            RejectionReason::OtherCandidate => "other_candidate",
            RejectionReason::Withdrew => "withdrew",
            RejectionReason::NoResponse => "no_response",
            RejectionReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The translation key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            RejectionReason::NotQualified => "reject.reason.not_qualified",
            RejectionReason::OtherCandidate => "reject.reason.other_candidate",
            RejectionReason::Withdrew => "reject.reason.withdrew",
            RejectionReason::NoResponse => "reject.reason.no_response",
            RejectionReason::Other => "reject.reason.other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in RejectionReason::ALL {
            assert_eq!(RejectionReason::from_code(r.code()), Some(r));
        }
        assert_eq!(RejectionReason::from_code(""), None);
    }
}
