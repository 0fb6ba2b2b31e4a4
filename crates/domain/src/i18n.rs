//! UI and email strings, one file per language under `locales/`, shared by the web pages and the emails.
//! Code and templates only name keys.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::validate::{ErrorCode, FieldError};
use crate::Language;

/// Values are borrowed from the embedded file, owned only where `\n` had to become a line break; the catalogs live
/// in statics, so a value handed out still lives as long as the program.
type Catalog = HashMap<&'static str, Cow<'static, str>>;

/// `key = value` lines; `\n` in a value is a line break (for multi-line default texts).
fn parse(source: &'static str) -> Catalog {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, v)| (k.trim(), v.trim())))
        .map(|(k, v)| (k, if v.contains("\\n") { Cow::Owned(v.replace("\\n", "\n")) } else { Cow::Borrowed(v) }))
        .collect()
}

fn catalog(lang: Language) -> &'static Catalog {
    static NB: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Language::Nb => NB.get_or_init(|| parse(include_str!("../locales/nb.txt"))),
        Language::En => EN.get_or_init(|| parse(include_str!("../locales/en.txt"))),
    }
}

/// The translator handed to every template as `t`.
#[derive(Clone, Copy, Debug)]
pub struct T(pub Language);

impl T {
    pub fn lang(&self) -> Language {
        self.0
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// The string for `key`.
    pub fn get(&self, key: &'static str) -> &'static str {
        // A missing key shows itself; the key-coverage test below catches it before release.
        self.lookup(key).unwrap_or(key)
    }

    /// The string for a key made at run time (e.g. from a stored action name), if the catalog has it.
    pub fn lookup(&self, key: &str) -> Option<&'static str> {
        catalog(self.0).get(key).map(|v| &**v)
    }

    /// The string for `key` with `{name}` placeholders filled in, in one pass: a value is never read again
    /// for placeholders (a name typed as "{n}" stays as typed), and a `{` that names no argument stays.
    pub fn fmt(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        let mut rest = self.get(key);
        let mut out = String::with_capacity(rest.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let filled = after
                .split_once('}')
                .and_then(|(name, tail)| args.iter().find(|(n, _)| *n == name).map(|(_, value)| (*value, tail)));
            match filled {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The localized message of a validation error.
    pub fn field_error(&self, e: &FieldError) -> String {
        match e.code {
            ErrorCode::Required => self.get("error.required").to_string(),
            ErrorCode::TooLong { max } => self.fmt("error.too_long", &[("max", &max.to_string())]),
            ErrorCode::TooShort { min } => self.fmt("error.too_short", &[("min", &min.to_string())]),
            ErrorCode::InvalidEmail => self.get("error.invalid_email").to_string(),
            ErrorCode::InvalidChoice => self.get("error.invalid_choice").to_string(),
            ErrorCode::PasswordsDiffer => self.get("error.passwords_differ").to_string(),
            ErrorCode::AlreadyEmployee => self.get("error.already_employee").to_string(),
            ErrorCode::AlreadyInvited => self.get("error.already_invited").to_string(),
            ErrorCode::EmployeeDeactivated => self.get("error.employee_deactivated").to_string(),
            ErrorCode::InvalidDate => self.get("error.invalid_date").to_string(),
            ErrorCode::DateInPast => self.get("error.date_in_past").to_string(),
            ErrorCode::EndBeforeStart => self.get("error.end_before_start").to_string(),
            ErrorCode::Duplicate => self.get("error.duplicate").to_string(),
            ErrorCode::TooMany { max } => self.fmt("error.too_many", &[("max", &max.to_string())]),
            ErrorCode::TooFewOptions { min } => self.fmt("error.too_few_options", &[("min", &min.to_string())]),
            ErrorCode::UnknownPlaceholder => self.get("error.unknown_placeholder").to_string(),
            ErrorCode::NotAnEmployee => self.get("error.not_an_employee").to_string(),
            ErrorCode::InvalidPhone => self.get("error.invalid_phone").to_string(),
            ErrorCode::AlreadyEvaluated => self.get("error.already_evaluated").to_string(),
            ErrorCode::InvalidUrl => self.get("error.invalid_linkedin").to_string(),
            ErrorCode::InvalidYear => self.get("error.invalid_year").to_string(),
            ErrorCode::ConsentRequired => self.get("error.consent_required").to_string(),
            ErrorCode::FileWrongType => self.get("error.file_wrong_type").to_string(),
            ErrorCode::FileMismatch => self.get("error.file_mismatch").to_string(),
            ErrorCode::FileTooLarge => self.get("error.file_too_large").to_string(),
            ErrorCode::FileSuspicious => self.get("error.file_suspicious").to_string(),
            ErrorCode::FileEmpty => self.get("error.file_empty").to_string(),
            ErrorCode::StepNotEmpty => self.get("error.step_not_empty").to_string(),
            ErrorCode::InvalidTime => self.get("error.invalid_time").to_string(),
            ErrorCode::TimeInPast => self.get("error.time_in_past").to_string(),
            ErrorCode::NotOnHiringTeam => self.get("error.not_on_hiring_team").to_string(),
            ErrorCode::NotActiveEmployee => self.get("error.not_active_employee").to_string(),
            ErrorCode::AssigneeDeactivated => self.get("error.assignee_deactivated").to_string(),
            ErrorCode::InvalidPostalCode => self.get("error.invalid_postal_code").to_string(),
            ErrorCode::MaxBelowMin => self.get("error.max_below_min").to_string(),
            ErrorCode::OutOfRange { min, max } => {
                self.fmt("error.out_of_range", &[("min", &min.to_string()), ("max", &max.to_string())])
            }
            ErrorCode::NotHttps => self.get("error.not_https").to_string(),
            ErrorCode::PrivateAddress => self.get("error.private_address").to_string(),
            ErrorCode::Markup => self.get("error.markup").to_string(),
            ErrorCode::InvalidOrgnr => self.get("error.invalid_orgnr").to_string(),
            ErrorCode::InvalidStyrk => self.get("error.invalid_styrk").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_values() {
        let nb: BTreeSet<_> = catalog(Language::Nb).keys().collect();
        let en: BTreeSet<_> = catalog(Language::En).keys().collect();
        assert_eq!(nb.difference(&en).collect::<Vec<_>>(), Vec::<&&&str>::new(), "keys only in nb");
        assert_eq!(en.difference(&nb).collect::<Vec<_>>(), Vec::<&&&str>::new(), "keys only in en");
        for lang in Language::ALL {
            for (k, v) in catalog(lang) {
                assert!(!v.is_empty(), "{k} is empty in {}", lang.code());
            }
        }
    }

    /// Every key named in a template or in the code exists: a typo fails here, not in front of a user.
    #[test]
    fn every_key_used_exists() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut used = BTreeSet::new();
        let dirs = ["web/templates", "web/src", "web/src/pages", "mail/templates", "mail/src", "app/src"];
        for dir in dirs.iter().map(|d| crates.join(d)).filter(|d| d.is_dir()) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for marker in ["get(\"", "fmt(\"", "tr(\"", "Refused(\""] {
                        for piece in text.split(marker).skip(1) {
                            if let Some(key) = piece.split('"').next() {
                                if key.contains('.') && !key.contains(' ') {
                                    used.insert(key.to_string());
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(used.len() > 20, "the scan found too few keys: {used:?}");
        for lang in Language::ALL {
            let missing: Vec<_> = used.iter().filter(|k| !catalog(lang).contains_key(k.as_str())).collect();
            assert!(missing.is_empty(), "missing in {}: {missing:?}", lang.code());
        }
    }

    /// Keys named by domain enums (recommendations, rejection reasons) exist too.
    #[test]
    fn enum_label_keys_exist() {
        let keys = crate::evaluation::Recommendation::ALL
            .iter()
            .map(|r| r.label_key())
            .chain(crate::rejection::RejectionReason::ALL.iter().map(|r| r.label_key()));
        for key in keys {
            for lang in Language::ALL {
                assert!(catalog(lang).contains_key(key), "{key} missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn escaped_line_breaks_become_real_ones() {
        assert!(T(Language::Nb).get("posting.default.email_body").contains("\n\nVennlig hilsen\n"));
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(T(Language::Nb).fmt("error.too_long", &[("max", "5")]), "Høyst 5 tegn.");
        assert_eq!(T(Language::En).fmt("error.too_short", &[("min", "10")]), "At least 10 characters.");
    }

    #[test]
    fn a_filled_value_is_not_read_for_placeholders() {
        let t = T(Language::Nb);
        assert_eq!(t.fmt("candidates.select", &[("name", "{name} {x")]), "Velg {name} {x");
        assert_eq!(t.fmt("candidates.select", &[("other", "Kari")]), "Velg {name}");
    }
}
