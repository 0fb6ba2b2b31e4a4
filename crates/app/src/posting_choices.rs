//! The postings a viewer may see, as the Kandidater page needs them — the choices of its filters (Kilde,
//! Stilling) and the titles and step names its rows show — kept in memory between requests per company and
//! viewer: reading and unpacking 400 postings was a fifth of every Kandidater page's work, and joining each row
//! to its posting, step and source a third of PostgreSQL's. An entry serves a request only when the company's
//! `postings_version` (read with the session, in the
//! same query; raised by every write of a posting or hiring team) is the one the entry was stored at, so what
//! one server shows changes with the next request after a write on any server (ADR 0004).

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use domain::{CompanyId, PostingId, Reach, StepId};

use crate::versioned_cache::{VersionedCache, Weighed};

/// The postings a viewer may see: (id, title) newest first (what it derefs to), and their steps' names.
#[derive(Clone, Debug, Default)]
pub struct Choices(Arc<Visible>);

#[derive(Debug, Default)]
struct Visible {
    postings: Vec<(String, String)>,
    /// What the posting is called where one is chosen by typing (Kilde, Stilling): its title, or for a title
    /// several postings share, the title with the end of its id, so every label names one posting.
    labels: Vec<String>,
    /// posting id → its index in `postings`
    by_id: HashMap<String, usize>,
    /// step id → name
    steps: HashMap<String, String>,
}

impl Choices {
    /// `postings` newest first; `steps` (id, name) of those postings.
    pub fn new(postings: Vec<(String, String)>, steps: Vec<(String, String)>) -> Choices {
        let by_id = postings.iter().enumerate().map(|(i, (id, _))| (id.clone(), i)).collect();
        let labels = labels(&postings);
        Choices(Arc::new(Visible { postings, labels, by_id, steps: steps.into_iter().collect() }))
    }

    /// The label of a posting the viewer sees (see `Visible::labels`).
    pub fn label(&self, posting: &str) -> Option<&str> {
        self.0.by_id.get(posting).and_then(|&i| self.0.labels.get(i)).map(String::as_str)
    }

    /// Every posting's label, newest first.
    pub fn labels(&self) -> &[String] {
        &self.0.labels
    }

    /// The posting typed into Kilde or Stilling: its id or label, else its title or a part of it — in any case.
    /// A title or part that several postings share is not a choice: they are returned, (id, label), to choose from.
    pub fn find(&self, typed: &str) -> Found {
        let typed = typed.trim();
        if self.0.by_id.contains_key(typed) {
            return Found::One(typed.to_string());
        }
        let wanted = typed.to_lowercase();
        let v = &self.0;
        let one = |i: usize| Found::One(v.postings[i].0.clone());
        if let Some(i) = v.labels.iter().position(|l| l.to_lowercase() == wanted) {
            return one(i);
        }
        let titles: Vec<String> = v.postings.iter().map(|(_, t)| t.to_lowercase()).collect();
        let mut hits: Vec<usize> = (0..titles.len()).filter(|&i| titles[i] == wanted).collect();
        if hits.is_empty() {
            hits = (0..titles.len()).filter(|&i| titles[i].contains(&wanted)).collect();
        }
        match hits[..] {
            [] => Found::None,
            [i] => one(i),
            _ => Found::Several(hits.into_iter().map(|i| (v.postings[i].0.clone(), v.labels[i].clone())).collect()),
        }
    }

    /// The title of a posting the viewer sees.
    pub fn title(&self, posting: &PostingId) -> Option<&str> {
        self.0.by_id.get(posting.as_str()).and_then(|&i| self.0.postings.get(i)).map(|(_, title)| title.as_str())
    }

    /// The name of a step of a posting the viewer sees.
    pub fn step_name(&self, step: &StepId) -> Option<&str> {
        self.0.steps.get(step.as_str()).map(String::as_str)
    }
}

impl Weighed for Choices {
    fn weight(&self) -> usize {
        self.0.postings.len() + self.0.steps.len()
    }
}

impl Deref for Choices {
    type Target = [(String, String)];

    fn deref(&self) -> &[(String, String)] {
        &self.0.postings
    }
}

/// What `Choices::find` made of a typed posting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    One(String),
    None,
    /// (id, label) of every posting that fits, newest first.
    Several(Vec<(String, String)>),
}

/// Each posting's label: its title, made unique where titles repeat by the end of the id (the random part of
/// a UUIDv7; its start is the time, the same for postings made together), or the whole id if even that repeats.
fn labels(postings: &[(String, String)]) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for (_, title) in postings {
        *count.entry(title.to_lowercase()).or_default() += 1;
    }
    let tail = |id: &str| id.get(id.len().saturating_sub(8)..).unwrap_or(id).to_string();
    let mut tails: HashMap<(String, String), usize> = HashMap::new();
    for (id, title) in postings {
        *tails.entry((title.to_lowercase(), tail(id))).or_default() += 1;
    }
    postings
        .iter()
        .map(|(id, title)| {
            let key = title.to_lowercase();
            if count[&key] == 1 {
                title.clone()
            } else if tails[&(key, tail(id))] == 1 {
                format!("{title} ({})", tail(id))
            } else {
                format!("{title} ({id})")
            }
        })
        .collect()
}

/// The choices per company and what the viewer reaches, at the company's `postings_version`.
pub(crate) type ChoiceCache = VersionedCache<(CompanyId, Reach), Choices>;

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(titles: &[&str]) -> Choices {
        Choices::new(titles.iter().map(|t| (format!("id-{t}"), t.to_string())).collect(), Vec::new())
    }

    #[test]
    fn titles_and_step_names_are_found_by_id() {
        let c = Choices::new(
            vec![("p2".into(), "Nyest".into()), ("p1".into(), "Eldst".into())],
            vec![("s1".into(), "Screening".into())],
        );
        let posting = |id: &str| PostingId::from_db(id.into());
        let step = |id: &str| StepId::from_db(id.into());
        assert_eq!(
            (c.title(&posting("p1")), c.title(&posting("p2")), c.title(&posting("p3"))),
            (Some("Eldst"), Some("Nyest"), None)
        );
        assert_eq!((c.step_name(&step("s1")), c.step_name(&step("p1"))), (Some("Screening"), None));
        assert_eq!(c[0].1, "Nyest", "the list stays newest first");
    }

    #[test]
    fn a_typed_posting_is_found_by_id_label_title_or_part() {
        let c = Choices::new(
            vec![
                ("0193-aaaa-11111111".into(), "Utvikler, Oslo".into()),
                ("0193-aaaa-22222222".into(), "Utvikler, Oslo".into()),
                ("0193-aaaa-33333333".into(), "Selger, Bergen".into()),
                ("0193-aaaa-44444444".into(), "Selger (intern), Bergen".into()),
            ],
            Vec::new(),
        );
        assert_eq!(c.labels()[..2], ["Utvikler, Oslo (11111111)", "Utvikler, Oslo (22222222)"]);
        assert_eq!(c.label("0193-aaaa-33333333"), Some("Selger, Bergen"), "a title of its own is its label");
        let one = |id: &str| Found::One(id.to_string());
        assert_eq!(c.find("0193-aaaa-22222222"), one("0193-aaaa-22222222"));
        assert_eq!(c.find(" utvikler, oslo (22222222) "), one("0193-aaaa-22222222"));
        assert_eq!(c.find("selger, bergen"), one("0193-aaaa-33333333"), "a whole title before a part of another");
        assert_eq!(c.find("INTERN"), one("0193-aaaa-44444444"));
        assert_eq!(c.find("Lege"), Found::None);
        let Found::Several(both) = c.find("utvikler") else { panic!("two postings fit") };
        assert_eq!(both[1], ("0193-aaaa-22222222".to_string(), "Utvikler, Oslo (22222222)".to_string()));
    }

    #[test]
    fn ids_that_end_alike_are_told_apart_by_the_whole_id() {
        let c =
            Choices::new(vec![("a-12345678".into(), "Lege".into()), ("b-12345678".into(), "Lege".into())], Vec::new());
        assert_eq!(c.labels(), ["Lege (a-12345678)", "Lege (b-12345678)"]);
    }

    #[test]
    fn an_entry_serves_only_its_own_viewer() {
        let cache = ChoiceCache::default();
        let company = CompanyId::from_db("c".into());
        let bruker = Reach::Relations { member: domain::UserId::from_db("u".into()) };
        cache.put((company.clone(), Reach::Company), 3, choices(&["Utvikler"]));
        assert_eq!(cache.get(&(company.clone(), Reach::Company), 3).unwrap()[0].1, "Utvikler");
        assert!(cache.get(&(company.clone(), bruker), 3).is_none(), "another viewer is a miss");
        assert!(cache.get(&(CompanyId::from_db("d".into()), Reach::Company), 3).is_none(), "another company");
    }
}
