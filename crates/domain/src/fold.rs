//! The one text-folding rule of ansett: lower case, Norwegian letters spelled out the way people type them
//! without a Norwegian keyboard (æ→ae, ø→o, å→a), other Latin diacritics dropped. Search keys and slugs use it on
//! both database backends, so "bjorn" finds "Bjørn" everywhere.

/// Folds `input` for matching. The result contains only lower-case characters, digits and the input's other
/// characters folded by the same rule.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.chars() {
        for lower in ch.to_lowercase() {
            match lower {
                'æ' => out.push_str("ae"),
                'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
                'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'í' | 'ì' | 'î' | 'ï' => out.push('i'),
                'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ç' => out.push('c'),
                'ñ' => out.push('n'),
                'ß' => out.push_str("ss"),
                other => out.push(other),
            }
        }
    }
    out
}

/// A URL slug: folded, with runs of anything but ASCII letters and digits turned into one `-`.
pub fn slugify(input: &str) -> String {
    let folded = fold(input);
    let mut slug = String::with_capacity(folded.len());
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_fold_the_way_people_type_them() {
        assert_eq!(fold("Bjørn Ærlig Åsen"), "bjorn aerlig asen");
        assert_eq!(fold("BJØRN"), fold("bjorn"));
        assert_eq!(fold("Müller Café"), "muller cafe");
    }

    #[test]
    fn slugs_are_ascii_and_trimmed() {
        assert_eq!(slugify("  Fjord & Fjell AS! "), "fjord-fjell-as");
        assert_eq!(slugify("Høyre Østfold"), "hoyre-ostfold");
        assert_eq!(slugify("***"), "");
    }
}
