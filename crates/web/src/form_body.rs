//! A submitted urlencoded form read by hand: for forms whose field names are indexed (`step_name_0`, …) or
//! repeated (`candidate`), which serde's `Form` cannot express.

/// Indices at or above this are ignored, and each index is read once. It is far above any list's maximum (20
/// steps, 30 criteria), so a list that is too long is still refused by its validation with its own message,
/// while one request cannot make the pages that show the list again build (and name) rows without end.
pub const INDEX_LIMIT: usize = 1_000;

/// Every pair of the body, in the order sent.
pub struct FormBody(Vec<(String, String)>);

impl FormBody {
    pub fn parse(body: &[u8]) -> FormBody {
        FormBody(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `key`, or "" when it was not sent.
    pub fn get(&self, key: &str) -> &str {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// `get`, owned: for filling an input struct.
    pub fn text(&self, key: &str) -> String {
        self.get(key).to_string()
    }

    /// Whether `key` was sent at all (a ticked checkbox).
    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Every value of a repeated `key`, in the order sent.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The values of `prefix_0`, `prefix_1`, … that were sent, by index (gaps kept as gaps), below `INDEX_LIMIT`.
    pub fn indexed(&self, prefix: &str) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = self
            .0
            .iter()
            .filter_map(|(k, v)| {
                let i = k.strip_prefix(prefix)?.strip_prefix('_')?.parse::<usize>().ok()?;
                (i < INDEX_LIMIT).then(|| (i, v.clone()))
            })
            .collect();
        // One value an index (the first sent; the sort is stable): a name repeated thousands of times must not
        // make thousands of rows either.
        out.sort_by_key(|(i, _)| *i);
        out.dedup_by_key(|(i, _)| *i);
        out
    }

    /// The values of `prefix_0` … `prefix_{n-1}`, "" for each not sent: for forms with a fixed number of rows.
    pub fn numbered(&self, prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| self.text(&format!("{prefix}_{i}"))).collect()
    }

    /// The pairs whose key starts with `prefix`, the prefix taken off.
    pub fn prefixed(&self, prefix: &str) -> Vec<(String, String)> {
        self.0.iter().filter_map(|(k, v)| k.strip_prefix(prefix).map(|f| (f.to_string(), v.clone()))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_values_come_in_index_order_once_each_and_stop_at_the_limit() {
        let f = FormBody::parse(
            b"step_name_1=B&step_name_0=A&step_name_x=no&step_name_1000=far&step_names_2=no&step_name_0=again",
        );
        assert_eq!(f.indexed("step_name"), [(0, "A".to_string()), (1, "B".to_string())]);
    }

    #[test]
    fn values_are_read_as_sent() {
        let f = FormBody::parse(b"candidate=a&candidate=b&rating_1=3&field_cv=required&note=%C3%A6+%26");
        assert_eq!(f.all("candidate").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(f.get("candidate"), "a");
        assert_eq!(f.get("missing"), "");
        assert!(f.has("note") && !f.has("missing"));
        assert_eq!(f.text("note"), "æ &");
        assert_eq!(f.numbered("rating", 3), ["", "3", ""]);
        assert_eq!(f.prefixed("field_"), [("cv".to_string(), "required".to_string())]);
    }
}
