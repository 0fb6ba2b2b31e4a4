//! «Også søkt via {kilde} {dato}» and «Først søkt via {kilde} {dato}» as the board's cards and the profile show
//! them (`app::duplicates`): the lines only, in the viewer's language.

use app::duplicates::{Duplicates, Sighting};
use domain::i18n::T;

use crate::layout::date;

/// The hint lines of one application: the first application (for those who see every application), then the
/// others the viewer may see, oldest first. Empty: nothing is shown.
pub struct Hints {
    pub first: Option<String>,
    pub also: Vec<String>,
}

impl Hints {
    pub fn new(t: T, d: &Duplicates) -> Hints {
        let line =
            |key: &'static str, s: &Sighting| t.fmt(key, &[("source", &kilde(t, s)), ("date", &date(t, s.applied_at))]);
        Hints {
            first: d.first.as_ref().map(|s| line("duplicates.first", s)),
            also: d.also.iter().map(|s| line("duplicates.also", s)).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_none() && self.also.is_empty()
    }
}

/// Where an application came from, as the hint names it: the posting it was applied through (a registration
/// posting names its agency), or who sourced it.
fn kilde(t: T, s: &Sighting) -> String {
    match (s.source_kind.as_str(), s.sourced_by_name.as_deref()) {
        ("sourced", Some(by)) => t.fmt("duplicates.sourced", &[("employee", by)]),
        ("sourced", None) => t.get("duplicates.sourced_unknown").to_string(),
        _ => s.source_title.clone().unwrap_or_else(|| "–".to_string()),
    }
}
