//! The two UI languages. Norwegian Bokmål is the default.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Language {
    #[default]
    Nb,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Nb, Language::En];

    /// The BCP 47 code used in `<html lang>`, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::En => "en",
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Nb => "Norsk",
            Language::En => "English",
        }
    }

    /// Parses a stored or submitted code; `no` and `nn` count as Norwegian since we only ship Bokmål.
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" | "nn" => Some(Language::Nb),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, usize, Language)> = None;
        for (position, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let Some(tag) = pieces.next() else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(lang) = Language::from_code(tag) {
                // Higher q wins; on a tie the earlier entry wins.
                let better = match best {
                    None => true,
                    Some((best_q, best_pos, _)) => q > best_q || (q == best_q && position < best_pos),
                };
                if better {
                    best = Some((q, position, lang));
                }
            }
        }
        best.map(|(_, _, lang)| lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(Language::from_accept_language("en-US,en;q=0.9,nb;q=0.8"), Some(Language::En));
        assert_eq!(Language::from_accept_language("de, nb;q=0.5, en;q=0.7"), Some(Language::En));
        assert_eq!(Language::from_accept_language("nb-NO,nb;q=0.9,en;q=0.8"), Some(Language::Nb));
        assert_eq!(Language::from_accept_language("no"), Some(Language::Nb));
        assert_eq!(Language::from_accept_language("de, fr"), None);
        assert_eq!(Language::from_accept_language("en;q=0"), None);
        assert_eq!(Language::from_accept_language(""), None);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Language::ALL {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Language::from_code("sv"), None);
    }
}
