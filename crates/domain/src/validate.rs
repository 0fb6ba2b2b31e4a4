//! Input validation shared by every entry point. Errors name the field and carry a code that the web layer
//! turns into a localized message; nothing here knows about languages.

use thiserror::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    InvalidEmail,
    InvalidChoice,
    PasswordsDiffer,
    /// The email already belongs to an active employee of this company.
    AlreadyEmployee,
    /// The email already has an open invitation to this company.
    AlreadyInvited,
    /// The email belongs to a deactivated employee of this company (reactivate instead).
    EmployeeDeactivated,
    /// Not a real date in the form `YYYY-MM-DD`.
    InvalidDate,
    /// A date before today where only a future one makes sense.
    DateInPast,
    /// The end of a date range before its start.
    EndBeforeStart,
    /// The same value twice where each must be unique (e.g. step names).
    Duplicate,
    TooMany {
        max: usize,
    },
    TooFewOptions {
        min: usize,
    },
    /// A template uses a placeholder that does not exist, or braces that do not close.
    UnknownPlaceholder,
    /// The person chosen is not an active or invited employee of this company.
    NotAnEmployee,
    InvalidPhone,
    /// This member already evaluated the candidate in this step.
    AlreadyEvaluated,
    InvalidUrl,
    InvalidYear,
    ConsentRequired,
    /// Uploads: see `documents::DocProblem`.
    FileWrongType,
    FileMismatch,
    FileTooLarge,
    FileSuspicious,
    FileEmpty,
    /// A pipeline step that still holds candidates cannot be removed.
    StepNotEmpty,
    /// Not a time of day `HH:MM` (or one that does not exist on Norwegian clocks that day).
    InvalidTime,
    /// A time that has passed where only a future one makes sense.
    TimeInPast,
    /// The person chosen is not an active member of the posting's hiring team.
    NotOnHiringTeam,
    /// A Norwegian postal code is four digits.
    InvalidPostalCode,
    /// The upper end of a range (a salary's "to") below its lower end.
    MaxBelowMin,
    /// Not a whole number from `min` to `max`.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// A webhook address that is not a full `https://` URL (or loopback `http://` where allowed).
    NotHttps,
    /// A webhook address whose host is in a private, link-local or loopback range (or resolves only to such).
    PrivateAddress,
    /// Markup (`<`, `>`) where only plain words belong, e.g. a tag.
    Markup,
    /// «Tildel til»: only an active employee of this company may be given an application.
    NotActiveEmployee,
    /// «Tildel til»: the person chosen has been deactivated.
    AssigneeDeactivated,
    /// Not a Norwegian organisation number (nine digits with a valid check digit).
    InvalidOrgnr,
    /// Not a STYRK08 occupation code (four digits).
    InvalidStyrk,
}

/// A form field's name: a fixed name borrowed, an indexed one (`step_name_0`, see `posting::indexed`) owned.
pub type FieldName = std::borrow::Cow<'static, str>;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{field}: {code:?}")]
pub struct FieldError {
    pub field: FieldName,
    pub code: ErrorCode,
}

/// All field errors of one submission, so a form can show every problem at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the error of `result` (if any) and hands back the valid value.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, field: impl Into<FieldName>, code: ErrorCode) {
        self.0.push(FieldError { field: field.into(), code });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
}

pub const NAME_MAX: usize = 100;
pub const COMPANY_NAME_MAX: usize = 120;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
/// Argon2 hashes whatever it gets; the bound keeps a megabyte "password" from costing real CPU.
pub const PASSWORD_MAX: usize = 256;

/// Whether `c` is a control character no stored text keeps (issue 23, finding 8): C0 but tab, line feed and
/// carriage return, DEL, and C1. HTML forbids them (vnu) and XML 1.0 forbids C0 outright.
pub fn is_stray_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Whether `c` may not be written into HTML or XML at all: a stray control (`is_stray_control`) or a Unicode
/// noncharacter (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF). The output side of finding 8, for text stored before input
/// was cleaned.
pub fn is_unprintable(c: char) -> bool {
    is_stray_control(c) || matches!(c, '\u{fdd0}'..='\u{fdef}') || (c as u32 & 0xfffe) == 0xfffe
}

/// `s` without unprintable characters (`is_unprintable`); borrowed when there are none, as nearly always.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_unprintable) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_unprintable(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether `c` is invisible and can make a name or a file name look like another (issue 23, finding 7; Unicode
/// UTS #39/#55): the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
/// zero-width characters (U+200B–U+200D, U+2060, U+FEFF).
pub fn is_spoofing_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Text as typed, with the control characters no stored text keeps removed and the ends trimmed: every text
/// field goes through this (directly, or through `text` and `single_line`).
pub fn clean(value: &str) -> String {
    value.chars().filter(|c| !is_stray_control(*c)).collect::<String>().trim().to_string()
}

/// A name or a file name: `clean`, and without the invisible characters that can make it look like another.
pub fn clean_name(value: &str) -> String {
    clean(value).chars().filter(|c| !is_spoofing_format(*c)).collect::<String>().trim().to_string()
}

/// A multi-line text (`clean`): not empty when `required`, at most `max` characters.
pub fn text(field: impl Into<FieldName>, value: &str, max: usize, required: bool) -> Result<String, FieldError> {
    let v = clean(value);
    if required && v.is_empty() {
        return Err(FieldError { field: field.into(), code: ErrorCode::Required });
    }
    if v.chars().count() > max {
        return Err(FieldError { field: field.into(), code: ErrorCode::TooLong { max } });
    }
    Ok(v)
}

/// A required single-line text such as a name (`clean_name`, a tab or line break becoming a space): not empty,
/// at most `max` characters.
pub fn single_line(field: impl Into<FieldName>, value: &str, max: usize) -> Result<String, FieldError> {
    let v: String = clean_name(value).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    text(field, &v, max, true)
}

/// A person's email address as typed (trimmed). Deliberately practical rather than RFC-complete: one `@`, a
/// non-empty local part, a domain with a dot and sane labels, no spaces.
pub fn email(field: impl Into<FieldName>, value: &str) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError { field: field.into(), code: ErrorCode::Required });
    }
    if v.len() > EMAIL_MAX {
        return Err(FieldError { field: field.into(), code: ErrorCode::TooLong { max: EMAIL_MAX } });
    }
    let invalid = FieldError { field: field.into(), code: ErrorCode::InvalidEmail };
    let Some((local, domain)) = v.split_once('@') else {
        return Err(invalid);
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(v.to_string())
    } else {
        Err(invalid)
    }
}

/// The key under which an email is unique: case-insensitive, as people expect of addresses.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A new password: long enough to resist guessing, short enough not to be a denial of service.
pub fn new_password(field: impl Into<FieldName>, value: &str) -> Result<String, FieldError> {
    let n = value.chars().count();
    if n == 0 {
        return Err(FieldError { field: field.into(), code: ErrorCode::Required });
    }
    if n < PASSWORD_MIN {
        return Err(FieldError { field: field.into(), code: ErrorCode::TooShort { min: PASSWORD_MIN } });
    }
    if n > PASSWORD_MAX {
        return Err(FieldError { field: field.into(), code: ErrorCode::TooLong { max: PASSWORD_MAX } });
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_controls_are_stripped_from_every_text_and_invisible_formats_from_names() {
        assert_eq!(clean("  a\u{0}b\u{7}c\u{1b}[31m\u{7f}\u{85}\u{9f}\td\r\ne  "), "abc[31m\td\r\ne");
        assert_eq!(
            text("body", "\u{0}\u{1}", 10, true),
            Err(FieldError { field: "body".into(), code: ErrorCode::Required })
        );
        assert_eq!(text("body", "", 10, false), Ok(String::new()));
        assert_eq!(single_line("first_name", "Ka\u{202e}ri\u{200b}\u{feff}\u{2066}", 50), Ok("Kari".into()));
        assert_eq!(single_line("first_name", "Kari\tAnne\nB", 50), Ok("Kari Anne B".into()));
        assert_eq!(clean_name("cv\u{202e}fdp.exe"), "cvfdp.exe");
        // What stays: ordinary letters, emoji, and the characters a text's lines need.
        assert_eq!(clean("Ærlig 😀 ö\n"), "Ærlig 😀 ö");
    }

    #[test]
    fn printable_drops_what_html_and_xml_forbid_and_borrows_otherwise() {
        assert_eq!(printable("a\u{0}b\u{1b}c\u{85}d\u{fffe}e\u{fdd0}\u{10ffff}\tf\n"), "abcde\tf\n");
        assert!(matches!(printable("Ærlig tale 😀"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn single_line_trims_and_bounds() {
        assert_eq!(single_line("f", "  Ola ", 10), Ok("Ola".into()));
        assert_eq!(single_line("f", "   ", 10).unwrap_err().code, ErrorCode::Required);
        assert_eq!(single_line("f", "ææææææ", 5).unwrap_err().code, ErrorCode::TooLong { max: 5 });
        assert_eq!(single_line("f", "ææææææ", 6), Ok("ææææææ".into()));
        assert_eq!(single_line("f", "a\u{0}b", 10), Ok("ab".into()));
    }

    #[test]
    fn email_accepts_real_addresses_and_rejects_malformed_ones() {
        for ok in ["ola@example.no", "kari.nordmann+jobb@firma.co.uk", "Bjørn@bedrift.no", " a@b.no "] {
            assert!(email("e", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ola",
            "ola@",
            "@example.no",
            "ola@example",
            "ola@@example.no",
            "o la@example.no",
            "ola@-x.no",
            "ola@x..no",
            ".ola@x.no",
            "ola@x.no\nBcc: x@y.no",
        ] {
            assert!(email("e", bad).is_err(), "{bad:?}");
        }
        assert_eq!(email("e", &format!("{}@x.no", "a".repeat(250))).unwrap_err().code, ErrorCode::TooLong { max: 254 });
    }

    #[test]
    fn email_key_is_case_insensitive() {
        assert_eq!(email_key(" Kari@Firma.NO"), "kari@firma.no");
    }

    #[test]
    fn password_bounds() {
        assert_eq!(new_password("p", "").unwrap_err().code, ErrorCode::Required);
        assert_eq!(new_password("p", "short").unwrap_err().code, ErrorCode::TooShort { min: PASSWORD_MIN });
        assert!(new_password("p", "long enough pass").is_ok());
        assert!(new_password("p", &"x".repeat(PASSWORD_MAX + 1)).is_err());
    }

    #[test]
    fn field_errors_collect_every_problem() {
        let mut errs = FieldErrors::new();
        assert_eq!(errs.check(single_line("a", "x", 5)), Some("x".to_string()));
        assert_eq!(errs.check(single_line("b", "", 5)), None);
        assert_eq!(errs.check(email("c", "nope")), None);
        assert_eq!(errs.0.len(), 2);
        assert_eq!(errs.for_field("c").map(|e| e.code), Some(ErrorCode::InvalidEmail));
    }
}
