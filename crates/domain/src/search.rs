//! What candidate search matches: folded words ("terms") cut out of a text with the one folding rule
//! (`fold::fold`), and the words of a query. A query word matches a term it is a prefix of; every query word must
//! match. The store compares terms as bytes, so both database backends give the same answer.

use std::collections::BTreeSet;

use crate::fold::fold;

/// Longer words are cut here, in texts and in queries alike, so a long query word still matches its text.
pub const MAX_TERM_CHARS: usize = 32;
/// Words of one query taken into account; more only make the search slower, not better.
pub const MAX_QUERY_WORDS: usize = 8;
/// Distinct terms kept of one text (a CV): enough for any real document, bounded for a hostile one.
pub const MAX_TERMS_PER_TEXT: usize = 5_000;

fn cut(word: &str) -> String {
    word.chars().take(MAX_TERM_CHARS).collect()
}

/// Folded words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(cut)
}

/// The distinct terms of a free text (a note, a CV), at most `MAX_TERMS_PER_TEXT`.
pub fn terms(text: &str) -> BTreeSet<String> {
    let folded = fold(text);
    let mut out = BTreeSet::new();
    for w in words(&folded) {
        if out.len() >= MAX_TERMS_PER_TEXT {
            break;
        }
        out.insert(w);
    }
    out
}

/// The terms of a candidate's contact details. The phone number is one term of its digits, and also without a
/// Norwegian country code, so "912 34 567" and "+47 912 34 567" both find it.
pub fn detail_terms(first_name: &str, last_name: &str, email: &str, phone: Option<&str>) -> BTreeSet<String> {
    let mut out = terms(&format!("{first_name} {last_name} {email}"));
    let digits: String = phone.unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        for national in
            [digits.strip_prefix("0047"), digits.strip_prefix("47").filter(|d| d.len() == 8)].into_iter().flatten()
        {
            out.insert(cut(national));
        }
        out.insert(cut(&digits));
    }
    out
}

/// The words of a search query, in order, without repeats. Adjacent all-digit words are joined, so a phone
/// number typed in groups ("912 34 567") is one word, as it is one term.
pub fn query_words(query: &str) -> Vec<String> {
    let folded = fold(query);
    let mut joined: Vec<String> = Vec::new();
    let mut last_was_digits = false;
    for w in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let digits = w.chars().all(|c| c.is_ascii_digit());
        match joined.last_mut() {
            Some(prev) if digits && last_was_digits => prev.push_str(w),
            _ => joined.push(w.to_string()),
        }
        last_was_digits = digits;
    }
    let mut out: Vec<String> = Vec::new();
    for w in joined.into_iter().map(|w| cut(&w)) {
        if !out.contains(&w) && out.len() < MAX_QUERY_WORDS {
            out.push(w);
        }
    }
    out
}

/// The name as the list sorts it: folded, so "Ærlig" sorts as "aerlig" on both backends.
pub fn sort_name(first_name: &str, last_name: &str) -> String {
    fold(&format!("{first_name} {last_name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_fold_into_distinct_words() {
        let t = terms("Bjørn Ærlig, bjørn — SQL/Rust 2024!");
        assert_eq!(t.into_iter().collect::<Vec<_>>(), ["2024", "aerlig", "bjorn", "rust", "sql"]);
    }

    #[test]
    fn long_words_are_cut_in_texts_and_queries_alike() {
        let long = "a".repeat(100);
        assert_eq!(terms(&long).into_iter().next().map(|w| w.len()), Some(MAX_TERM_CHARS));
        assert_eq!(query_words(&long)[0].len(), MAX_TERM_CHARS);
    }

    #[test]
    fn details_include_the_phone_with_and_without_country_code() {
        let t = detail_terms("Kari", "Nordmann", "kari@fjord.no", Some("+47 912 34 567"));
        for w in ["kari", "nordmann", "fjord", "no", "4791234567", "91234567"] {
            assert!(t.contains(w), "{w} in {t:?}");
        }
        assert!(detail_terms("A", "B", "a@b.c", None).iter().all(|w| !w.chars().all(|c| c.is_ascii_digit())));
    }

    #[test]
    fn queries_fold_join_digit_groups_and_drop_repeats() {
        assert_eq!(query_words("  BJØRN  bjorn Ærlig "), ["bjorn", "aerlig"]);
        assert_eq!(query_words("912 34 567 kari"), ["91234567", "kari"]);
        assert_eq!(query_words("kari@fjord.no"), ["kari", "fjord", "no"]);
        assert!(query_words(" -- ").is_empty());
        assert_eq!(query_words("a b c d e f g h i j").len(), MAX_QUERY_WORDS);
    }
}
