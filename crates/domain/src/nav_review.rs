//! What a posting's arbeidsplassen state means to a person (ADR 0021): NAV's receipt and its manual review read
//! from their JSON into labelled values, the one plain-words state of the last transfer, when a deadline has
//! passed (NAV must not get the ad then), and how often NAV's review is asked about. NAV's field names and values
//! are theirs (navikt/pam-import-api `docs/index.md`, `AdminStatus.kt`).

use serde_json::Value;

/// NAV's receipt for a transfer (`POST /transfers/{providerId}` answers `versionId`, `status`, `md5`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Receipt {
    /// `status`: RECEIVED when NAV took it for processing (also DONE, ERROR in their transfer log).
    pub status: Option<String>,
    /// `versionId`: NAV's number for this upload.
    pub version: Option<i64>,
}

impl Receipt {
    /// The receipt as NAV wrote it; `None` for an answer that is not NAV's JSON object.
    pub fn parse(body: &str) -> Option<Receipt> {
        let v: Value = serde_json::from_str(body).ok()?;
        v.is_object().then(|| Receipt { status: word(&v["status"]), version: v["versionId"].as_i64() })
    }
}

/// NAV's answer to `GET /api/v1/adminstatus/{providerId}/{reference}`: whether its caseworkers have looked at the
/// ad (`status`: RECEIVED, PENDING, DONE, UNKNOWN) and whether it is shown (`publishStatus`: INACTIVE, ACTIVE,
/// REJECTED, STOPPED, DELETED, UNKNOWN), with NAV's `message` (why it was rejected) and its `uuid`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    pub status: Option<String>,
    pub publish_status: Option<String>,
    pub message: Option<String>,
    pub uuid: Option<String>,
}

impl Review {
    pub fn parse(body: &str) -> Option<Review> {
        let v: Value = serde_json::from_str(body).ok()?;
        v.is_object().then(|| Review {
            status: word(&v["status"]),
            publish_status: word(&v["publishStatus"]),
            message: v["message"].as_str().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string),
            uuid: word(&v["uuid"]),
        })
    }

    /// NAV has decided: asking again would tell nothing new (DONE, or an ad no longer shown).
    pub fn is_final(&self) -> bool {
        self.status.as_deref() == Some("DONE")
            || matches!(self.publish_status.as_deref(), Some("REJECTED" | "STOPPED" | "DELETED"))
    }
}

/// A short upper-case word from NAV (a status), or nothing: never a page of text.
fn word(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|s| {
            !s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        .map(str::to_string)
}

/// How long after a transfer NAV took, and after each look that found no decision, the review is asked about
/// again. NAV asks for 30 min to 1 h between requests ("the administration of an ad might take up to one day");
/// after these (about three days) it is no longer asked and the page keeps what NAV said last.
pub const CHECK_AFTER_MS: [i64; 8] =
    [1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 86_400_000, 86_400_000];

/// When to ask about the review after `checks` looks (0: just sent), or `None` when it is no longer asked.
pub fn next_check(checks: i64, at: i64) -> Option<i64> {
    usize::try_from(checks).ok().and_then(|i| CHECK_AFTER_MS.get(i)).map(|wait| at + wait)
}

/// The application deadline (`YYYY-MM-DD`) was a day before today in Norway: the ad must not go to NAV (its
/// `expires` would lie in the past) and one that is there is stopped.
pub fn deadline_passed(deadline: Option<&str>, now_ms: i64) -> bool {
    deadline.and_then(crate::civil_time::parse_date).is_some_and(|day| day < crate::civil_time::local_day(now_ms))
}

/// What the last transfer (and NAV's review after it) means, in the words the posting page uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Queued, not tried yet.
    Queued,
    /// NAV could not be reached or answered 5xx: it is tried again.
    Retrying,
    /// Every retry ran out.
    Failed,
    /// NAV refused the ad (4xx): its message is shown.
    Rejected,
    /// Not sent: the posting was not published and listed (or its deadline had passed) when its turn came.
    Skipped,
    /// NAV took it; its caseworkers have not decided yet.
    AwaitingApproval,
    /// Approved and shown on arbeidsplassen.
    Shown,
    /// NAV's caseworkers rejected it.
    RejectedByNav,
    /// Reviewed, but not shown (inactive, stopped or deleted at NAV).
    NotShown,
    /// Taken off arbeidsplassen (NAV's DELETE went through).
    Stopped,
}

/// The transfer as the state needs it.
pub struct Last<'a> {
    pub action: &'a str,
    pub status: &'a str,
    pub attempts: i64,
    pub review: Option<&'a Review>,
}

impl State {
    pub fn of(t: &Last) -> State {
        let stop = t.action == "stop";
        match t.status {
            "pending" if t.attempts > 0 => State::Retrying,
            "pending" => State::Queued,
            "failed" => State::Failed,
            "rejected" => State::Rejected,
            "skipped" => State::Skipped,
            _ if stop => State::Stopped,
            _ => match t.review.map(|r| (r.status.as_deref(), r.publish_status.as_deref())) {
                Some((_, Some("ACTIVE"))) => State::Shown,
                Some((_, Some("REJECTED"))) => State::RejectedByNav,
                Some((_, Some("STOPPED" | "DELETED"))) | Some((Some("DONE"), _)) => State::NotShown,
                _ => State::AwaitingApproval,
            },
        }
    }

    pub const ALL: [State; 10] = [
        State::Queued,
        State::Retrying,
        State::Failed,
        State::Rejected,
        State::Skipped,
        State::AwaitingApproval,
        State::Shown,
        State::RejectedByNav,
        State::NotShown,
        State::Stopped,
    ];

    /// The API's word for it.
    pub fn code(self) -> &'static str {
        self.key().trim_start_matches("nav.state.")
    }

    /// The translation key of the state's words.
    pub fn key(self) -> &'static str {
        match self {
            State::Queued => "nav.state.queued",
            State::Retrying => "nav.state.retrying",
            State::Failed => "nav.state.failed",
            State::Rejected => "nav.state.rejected",
            State::Skipped => "nav.state.skipped",
            State::AwaitingApproval => "nav.state.awaiting_approval",
            State::Shown => "nav.state.shown",
            State::RejectedByNav => "nav.state.rejected_by_nav",
            State::NotShown => "nav.state.not_shown",
            State::Stopped => "nav.state.stopped",
        }
    }

    /// A class for the badge: good, waiting or a problem.
    pub fn tone(self) -> &'static str {
        match self {
            State::Shown => "good",
            State::Queued | State::Retrying | State::AwaitingApproval => "waiting",
            State::Stopped | State::Skipped | State::NotShown => "neutral",
            State::Failed | State::Rejected | State::RejectedByNav => "problem",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_receipt_and_review_are_read_from_their_json() {
        let r = Receipt::parse(r#"{"versionId":3,"status":"RECEIVED","md5":"X","items":1}"#).unwrap();
        assert_eq!((r.status.as_deref(), r.version), (Some("RECEIVED"), Some(3)));
        assert_eq!(Receipt::parse("<html>"), None);
        let body = r#"{"uuid":"2afe26f3-9aef-4a12-97eb-20d6c06c513a","status":"DONE","message":null,
            "reference":"p1","providerId":10000,"publishStatus":"ACTIVE"}"#;
        let v = Review::parse(body).unwrap();
        assert!(v.is_final());
        assert_eq!(v.publish_status.as_deref(), Some("ACTIVE"));
        let pending = Review::parse(r#"{"status":"PENDING","publishStatus":"INACTIVE"}"#).unwrap();
        assert!(!pending.is_final());
        assert_eq!(Review::parse(r#"{"status":"<b>long text</b>"}"#).unwrap().status, None);
    }

    #[test]
    fn each_transfer_reads_as_one_state() {
        let review =
            |s: &str, p: &str| Review { status: Some(s.into()), publish_status: Some(p.into()), ..Default::default() };
        let state =
            |action, status, attempts, r: Option<&Review>| State::of(&Last { action, status, attempts, review: r });
        assert_eq!(state("upsert", "pending", 0, None), State::Queued);
        assert_eq!(state("upsert", "pending", 2, None), State::Retrying);
        assert_eq!(state("upsert", "sent", 1, None), State::AwaitingApproval);
        assert_eq!(state("upsert", "sent", 1, Some(&review("PENDING", "INACTIVE"))), State::AwaitingApproval);
        assert_eq!(state("upsert", "sent", 1, Some(&review("DONE", "ACTIVE"))), State::Shown);
        assert_eq!(state("upsert", "sent", 1, Some(&review("DONE", "REJECTED"))), State::RejectedByNav);
        assert_eq!(state("upsert", "sent", 1, Some(&review("DONE", "INACTIVE"))), State::NotShown);
        assert_eq!(state("stop", "sent", 1, None), State::Stopped);
        assert_eq!(state("upsert", "rejected", 1, None), State::Rejected);
    }

    #[test]
    fn review_is_asked_with_growing_pauses_then_no_more() {
        assert_eq!(next_check(0, 0), Some(1_800_000));
        assert_eq!(next_check(1, 0), Some(3_600_000));
        assert_eq!(next_check(CHECK_AFTER_MS.len() as i64, 0), None);
    }

    #[test]
    fn a_deadline_passes_after_its_day_in_norway() {
        // 2027-01-31 23:30 in Norway is 22:30 UTC: still the deadline day.
        let day = crate::civil_time::days_from_civil(2027, 1, 31);
        let late_on_the_day = day * crate::civil_time::DAY_MS + 22 * 3_600_000 + 1_800_000;
        assert!(!deadline_passed(Some("2027-01-31"), late_on_the_day));
        assert!(deadline_passed(Some("2027-01-31"), late_on_the_day + 3_600_000));
        assert!(!deadline_passed(None, late_on_the_day));
    }
}
