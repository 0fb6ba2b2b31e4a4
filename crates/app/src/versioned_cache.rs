//! What a page reads on every request but a company rarely changes, kept in memory per key while a version
//! column of the company, read with the session in the same query, is unchanged (ADR 0004): each write that
//! changes what is kept raises the column in its own transaction, so every server sees the change at its next
//! request. Used for the Kandidater page's posting choices (`posting_choices`) and tag and employee names
//! (`company_names`).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// How much a kept value counts towards the bound: the items it holds.
pub(crate) trait Weighed {
    fn weight(&self) -> usize;
}

/// Items held in all entries together before the cache starts over (a few MB).
pub(crate) const MAX_HELD: usize = 200_000;

pub(crate) struct VersionedCache<K, V> {
    inner: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    /// key → (version, value)
    map: HashMap<K, (i64, V)>,
    /// The weight of all entries.
    held: usize,
}

impl<K, V> Default for VersionedCache<K, V> {
    fn default() -> Self {
        VersionedCache { inner: Mutex::new(Entries { map: HashMap::new(), held: 0 }) }
    }
}

impl<K: Eq + Hash, V: Clone + Weighed> VersionedCache<K, V> {
    /// The value read at `version`, if that is what the entry holds.
    pub(crate) fn get(&self, key: &K, version: i64) -> Option<V> {
        let entries = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (at, value) = entries.map.get(key)?;
        (*at == version).then(|| value.clone())
    }

    /// Keeps `value`, read after the session that said `version`: it is at least that current. An entry of a
    /// newer version is not replaced by an older request's.
    pub(crate) fn put(&self, key: K, version: i64, value: V) {
        let mut entries = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.map.get(&key).is_some_and(|(at, _)| *at > version) {
            return;
        }
        if entries.held + value.weight() > MAX_HELD {
            entries.map.clear();
            entries.held = 0;
        }
        entries.held += value.weight();
        if let Some((_, old)) = entries.map.insert(key, (version, value)) {
            entries.held -= old.weight();
        }
    }

    #[cfg(test)]
    pub(crate) fn held(&self) -> usize {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Items(usize);

    impl Weighed for Items {
        fn weight(&self) -> usize {
            self.0
        }
    }

    #[test]
    fn an_entry_serves_only_its_own_version_and_key() {
        let cache = VersionedCache::default();
        cache.put("a", 3, Items(1));
        assert_eq!(cache.get(&"a", 3), Some(Items(1)));
        assert_eq!(cache.get(&"a", 4), None, "a newer version is a miss");
        assert_eq!(cache.get(&"b", 3), None, "another key is a miss");
    }

    #[test]
    fn an_older_request_does_not_replace_a_newer_entry() {
        let cache = VersionedCache::default();
        cache.put("a", 5, Items(2));
        cache.put("a", 4, Items(1));
        assert_eq!(cache.get(&"a", 5), Some(Items(2)));
    }

    #[test]
    fn it_starts_over_when_full() {
        let cache = VersionedCache::default();
        cache.put("a", 1, Items(MAX_HELD));
        cache.put("b", 1, Items(1));
        assert_eq!(cache.get(&"a", 1), None);
        assert_eq!(cache.get(&"b", 1), Some(Items(1)));
        assert_eq!(cache.held(), 1);
        cache.put("b", 2, Items(3));
        assert_eq!(cache.held(), 3, "a replaced entry's weight is given back");
    }
}
