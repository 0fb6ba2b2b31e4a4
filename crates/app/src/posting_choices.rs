//! The postings a viewer may choose among in the Kandidater filters (Kilde, Stilling), kept in memory between
//! requests per company and viewer: reading and unpacking 400 postings was a fifth of every Kandidater page's
//! work. An entry serves a request only when the company's `postings_version` (read with the session, in the
//! same query; raised by every write of a posting or hiring team) is the one the entry was stored at, so what
//! one server shows changes with the next request after a write on any server (ADR 0004).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use domain::{CompanyId, UserId};

/// (id, title), newest first.
pub type Choices = Arc<[(String, String)]>;

/// Postings held in all entries together before the cache starts over (a few MB).
const MAX_POSTINGS: usize = 100_000;

#[derive(Default)]
pub(crate) struct ChoiceCache {
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// (company, hiring-team member or None for those who see every posting) → (version, choices)
    map: HashMap<(CompanyId, Option<UserId>), (i64, Choices)>,
    postings: usize,
}

impl ChoiceCache {
    /// The choices read at `version`, if that is what the entry holds.
    pub(crate) fn get(&self, company: &CompanyId, member: Option<&UserId>, version: i64) -> Option<Choices> {
        let entries = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (at, choices) = entries.map.get(&(company.clone(), member.cloned()))?;
        (*at == version).then(|| choices.clone())
    }

    /// Keeps `choices`, read after the session that said `version`: they are at least that current. An entry of
    /// a newer version is not replaced by an older request's.
    pub(crate) fn put(&self, company: &CompanyId, member: Option<&UserId>, version: i64, choices: Choices) {
        let mut entries = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (company.clone(), member.cloned());
        if entries.map.get(&key).is_some_and(|(at, _)| *at > version) {
            return;
        }
        if entries.postings + choices.len() > MAX_POSTINGS {
            entries.map.clear();
            entries.postings = 0;
        }
        entries.postings += choices.len();
        if let Some((_, old)) = entries.map.insert(key, (version, choices)) {
            entries.postings -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(titles: &[&str]) -> Choices {
        titles.iter().map(|t| (format!("id-{t}"), t.to_string())).collect()
    }

    #[test]
    fn an_entry_serves_only_its_own_version_and_viewer() {
        let cache = ChoiceCache::default();
        let company = CompanyId::from_db("c".into());
        let bruker = UserId::from_db("u".into());
        cache.put(&company, None, 3, choices(&["Utvikler"]));
        assert_eq!(cache.get(&company, None, 3).unwrap()[0].1, "Utvikler");
        assert!(cache.get(&company, None, 4).is_none(), "a newer version is a miss");
        assert!(cache.get(&company, Some(&bruker), 3).is_none(), "another viewer is a miss");
        assert!(cache.get(&CompanyId::from_db("d".into()), None, 3).is_none(), "another company is a miss");
    }

    #[test]
    fn an_older_request_does_not_replace_a_newer_entry() {
        let cache = ChoiceCache::default();
        let company = CompanyId::from_db("c".into());
        cache.put(&company, None, 5, choices(&["Ny"]));
        cache.put(&company, None, 4, choices(&["Gammel"]));
        assert_eq!(cache.get(&company, None, 5).unwrap()[0].1, "Ny");
    }

    #[test]
    fn it_starts_over_when_full() {
        let cache = ChoiceCache::default();
        let many: Choices = (0..MAX_POSTINGS).map(|i| (i.to_string(), i.to_string())).collect();
        cache.put(&CompanyId::from_db("a".into()), None, 1, many);
        cache.put(&CompanyId::from_db("b".into()), None, 1, choices(&["En"]));
        assert!(cache.get(&CompanyId::from_db("a".into()), None, 1).is_none());
        assert!(cache.get(&CompanyId::from_db("b".into()), None, 1).is_some());
        assert_eq!(cache.inner.lock().unwrap().postings, 1);
    }
}
