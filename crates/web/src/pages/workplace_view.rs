//! Arbeidssted and Lønn as people read them, the same on the staff posting page, the public posting page, the
//! careers page and the embedded list.

use domain::i18n::T;
use domain::workplace::{Location, Salary, SalaryUnit, Workplace, REMOTE_COUNTRIES};
use domain::Language;

pub fn country_label(t: T, code: &str) -> &'static str {
    match code {
        "NO" => t.get("country.no"),
        "SE" => t.get("country.se"),
        "DK" => t.get("country.dk"),
        "FI" => t.get("country.fi"),
        _ => t.get("country.is"),
    }
}

/// (code, label) of every country remote work can be allowed from.
pub fn country_choices(t: T) -> Vec<(&'static str, &'static str)> {
    REMOTE_COUNTRIES.iter().map(|(code, _)| (*code, country_label(t, code))).collect()
}

pub fn unit_label(t: T, u: SalaryUnit) -> &'static str {
    match u {
        SalaryUnit::Year => t.get("salary.unit.year"),
        SalaryUnit::Month => t.get("salary.unit.month"),
        SalaryUnit::Hour => t.get("salary.unit.hour"),
    }
}

/// "Storgata 1, 0155 Oslo (Oslo)": street, postal code and place, then the county.
pub fn location_line(l: &Location) -> String {
    let mut line = String::new();
    if !l.street.is_empty() {
        line.push_str(&l.street);
        line.push_str(", ");
    }
    line.push_str(&format!("{} {}", l.postal_code, l.city));
    if let Some(county) = l.county_name() {
        line.push_str(&format!(" ({county})"));
    }
    line
}

/// One line per location, then "Hjemmekontor (Norge, Sverige)" when remote work is allowed.
pub fn workplace_lines(t: T, w: &Workplace) -> Vec<String> {
    let mut lines: Vec<String> = w.locations.iter().map(location_line).collect();
    if w.is_remote() {
        let countries: Vec<&str> = w.remote_countries.iter().map(|c| country_label(t, c)).collect();
        lines.push(t.fmt("workplace.remote_from", &[("countries", &countries.join(", "))]));
    }
    lines
}

/// The short place of a posting in a list: its cities, and "Hjemmekontor".
pub fn places_line(t: T, w: &Workplace) -> String {
    let mut places: Vec<&str> = w.locations.iter().map(|l| l.city.as_str()).collect();
    if w.is_remote() {
        places.push(t.get("workplace.remote"));
    }
    places.join(" · ")
}

/// Kroner as the language writes them: "650 000" (with a no-break space), "650,000".
pub fn kroner(lang: Language, n: i64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Language::Nb => '\u{a0}',
        Language::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// "600 000–750 000 kr per år", "Fra 600 000 kr per år", "Opptil 300 kr per time".
pub fn salary_line(t: T, s: &Salary) -> String {
    let unit = unit_label(t, s.unit);
    let k = |n: i64| kroner(t.lang(), n);
    match (s.min, s.max) {
        (Some(a), Some(b)) if a == b => t.fmt("salary.show_from", &[("from", &k(a)), ("unit", unit)]),
        (Some(a), Some(b)) => t.fmt("salary.show_range", &[("from", &k(a)), ("to", &k(b)), ("unit", unit)]),
        (Some(a), None) => t.fmt("salary.show_from", &[("from", &k(a)), ("unit", unit)]),
        (None, Some(b)) => t.fmt("salary.show_to", &[("to", &k(b)), ("unit", unit)]),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_lines_read_naturally_in_both_languages() {
        let nb = T(Language::Nb);
        let en = T(Language::En);
        assert_eq!(kroner(Language::Nb, 650_000), "650\u{a0}000");
        assert_eq!(kroner(Language::En, 1_250_000), "1,250,000");
        assert_eq!(kroner(Language::En, 300), "300");
        let s = Salary { min: Some(600_000), max: Some(750_000), unit: SalaryUnit::Year };
        assert_eq!(salary_line(nb, &s), "600\u{a0}000–750\u{a0}000 kr per år");
        assert_eq!(salary_line(en, &s), "NOK 600,000–750,000 per year");
        let hourly = Salary { min: None, max: Some(300), unit: SalaryUnit::Hour };
        assert_eq!(salary_line(en, &hourly), "Up to NOK 300 per hour");
        let l = Location {
            street: "Storgata 1".into(),
            postal_code: "0155".into(),
            city: "Oslo".into(),
            county: "03".into(),
        };
        assert_eq!(location_line(&l), "Storgata 1, 0155 Oslo (Oslo)");
        let w = Workplace { locations: vec![l], remote_countries: vec!["NO".into(), "SE".into()] };
        assert_eq!(workplace_lines(nb, &w)[1], "Hjemmekontor (Norge, Sverige)");
        assert_eq!(places_line(en, &w), "Oslo · Remote");
    }
}
