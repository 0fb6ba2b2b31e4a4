//! What a candidate submits on the public application form, and the rules it must satisfy. Files are checked by
//! `documents`; whether the posting still accepts applications is checked in `app`.

use serde::{Deserialize, Serialize};

use crate::posting::{FieldSetting, FormConfig, FormField, QuestionKind};
use crate::validate::{self, ErrorCode, FieldErrors, NAME_MAX};

pub const MAX_EDUCATION: usize = 10;
pub const TEXT_MAX: usize = 200;
pub const LONG_TEXT_MAX: usize = 5_000;
pub const PHONE_MAX: usize = 30;
pub const URL_MAX: usize = 300;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Education {
    pub school: String,
    pub degree: String,
    pub field: String,
    pub grade: String,
    pub from_year: String,
    pub to_year: String,
}

impl Education {
    fn is_blank(&self) -> bool {
        [&self.school, &self.degree, &self.field, &self.grade, &self.from_year, &self.to_year]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// One answered question, stored with its text so later edits to the posting do not change what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub kind: QuestionKind,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplicationInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub linkedin: String,
    pub work_experience: String,
    pub education: Vec<Education>,
    /// Values submitted for question N (several for multiple choice).
    pub answers: Vec<Vec<String>>,
    pub consent: bool,
    /// Talentbank: the optional second checkbox (keep my application and contact me about other positions).
    pub talent_pool: bool,
    /// A field people never see; bots fill it.
    pub honeypot: String,
    pub has_cv: bool,
    pub has_cover_letter: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub linkedin: Option<String>,
    pub work_experience: Option<String>,
    pub education: Vec<Education>,
    pub answers: Vec<Answer>,
}

fn optional_text(
    e: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
    setting: FieldSetting,
) -> Option<String> {
    let v = validate::clean(value);
    match setting {
        FieldSetting::Hidden => None,
        _ if v.is_empty() => {
            if setting == FieldSetting::Required {
                e.push(field, ErrorCode::Required);
            }
            None
        }
        _ if v.chars().count() > max => {
            e.push(field, ErrorCode::TooLong { max });
            None
        }
        _ => Some(v),
    }
}

pub fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits) && v.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// A phone number as duplicates are matched by (migration 0034 applies the same rule in SQL): formatting
/// (" -().") removed, and a Norwegian country code (+47 or 0047) dropped, so "+47 912 34 567", "0047 91234567"
/// and "912 34 567" are one number. `None` when nothing is left.
pub fn phone_key(v: &str) -> Option<String> {
    let compact: String = v.chars().filter(|c| !" -().".contains(*c)).collect();
    let national = compact.strip_prefix("+47").or_else(|| compact.strip_prefix("0047")).unwrap_or(&compact);
    (!national.is_empty()).then(|| national.to_string())
}

pub fn is_linkedin(v: &str) -> bool {
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")).unwrap_or("");
    let host = rest.split('/').next().unwrap_or("");
    (host == "linkedin.com" || host.ends_with(".linkedin.com"))
        && !v.chars().any(|c| c.is_whitespace() || c == '"' || c == '<')
}

fn year_ok(v: &str, this_year: i32) -> bool {
    v.trim().is_empty() || v.trim().parse::<i32>().is_ok_and(|y| (1940..=this_year + 10).contains(&y))
}

impl ApplicationInput {
    pub fn validate(&self, form: &FormConfig, this_year: i32) -> Result<ValidApplication, FieldErrors> {
        let mut e = FieldErrors::new();
        if !self.honeypot.trim().is_empty() {
            e.push("website", ErrorCode::InvalidChoice);
        }
        let first_name = e.check(validate::single_line("first_name", &self.first_name, NAME_MAX));
        let last_name = e.check(validate::single_line("last_name", &self.last_name, NAME_MAX));
        let email = e.check(validate::email("email", &self.email));
        let phone = optional_text(&mut e, "phone", &self.phone, PHONE_MAX, form.setting(FormField::Phone));
        if phone.as_deref().is_some_and(|p| !is_phone(p)) {
            e.push("phone", ErrorCode::InvalidPhone);
        }
        let linkedin = optional_text(&mut e, "linkedin", &self.linkedin, URL_MAX, form.setting(FormField::Linkedin));
        if linkedin.as_deref().is_some_and(|l| !is_linkedin(l)) {
            e.push("linkedin", ErrorCode::InvalidUrl);
        }
        let work_experience = optional_text(
            &mut e,
            "work_experience",
            &self.work_experience,
            LONG_TEXT_MAX,
            form.setting(FormField::WorkExperience),
        );
        for (field, setting, present) in [
            ("cv", form.setting(FormField::Cv), self.has_cv),
            ("cover_letter", form.setting(FormField::CoverLetter), self.has_cover_letter),
        ] {
            if setting == FieldSetting::Required && !present {
                e.push(field, ErrorCode::Required);
            }
        }

        let mut education = Vec::new();
        let edu_setting = form.setting(FormField::Education);
        if edu_setting != FieldSetting::Hidden {
            if self.education.len() > MAX_EDUCATION {
                e.push("education", ErrorCode::TooMany { max: MAX_EDUCATION });
            }
            for (i, ed) in self.education.iter().enumerate().take(MAX_EDUCATION) {
                if ed.is_blank() {
                    continue;
                }
                let school = ed.school.trim();
                if school.is_empty() {
                    e.push(crate::posting::indexed("edu_school", i), ErrorCode::Required);
                }
                for (name, value) in [
                    ("edu_school", &ed.school),
                    ("edu_degree", &ed.degree),
                    ("edu_field", &ed.field),
                    ("edu_grade", &ed.grade),
                ] {
                    if value.trim().chars().count() > TEXT_MAX {
                        e.push(crate::posting::indexed(name, i), ErrorCode::TooLong { max: TEXT_MAX });
                    }
                }
                for (name, value) in [("edu_from", &ed.from_year), ("edu_to", &ed.to_year)] {
                    if !year_ok(value, this_year) {
                        e.push(crate::posting::indexed(name, i), ErrorCode::InvalidYear);
                    }
                }
                let trimmed = |s: &String| validate::clean(s);
                education.push(Education {
                    school: trimmed(&ed.school),
                    degree: trimmed(&ed.degree),
                    field: trimmed(&ed.field),
                    grade: trimmed(&ed.grade),
                    from_year: trimmed(&ed.from_year),
                    to_year: trimmed(&ed.to_year),
                });
            }
            if edu_setting == FieldSetting::Required && education.is_empty() {
                e.push(crate::posting::indexed("edu_school", 0), ErrorCode::Required);
            }
        }

        let mut answers = Vec::new();
        for (i, q) in form.questions.iter().enumerate() {
            let field = crate::posting::indexed("question", i);
            let given: Vec<String> = self
                .answers
                .get(i)
                .map(|v| v.iter().map(|s| validate::clean(s)).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default();
            if given.is_empty() {
                if q.required {
                    e.push(field, ErrorCode::Required);
                }
                continue;
            }
            let valid = match q.kind {
                QuestionKind::ShortText => given.len() == 1 && given[0].chars().count() <= TEXT_MAX,
                QuestionKind::LongText => given.len() == 1 && given[0].chars().count() <= LONG_TEXT_MAX,
                QuestionKind::YesNo => given.len() == 1 && (given[0] == "yes" || given[0] == "no"),
                QuestionKind::SingleChoice => given.len() == 1 && q.options.contains(&given[0]),
                QuestionKind::MultipleChoice => given.iter().all(|g| q.options.contains(g)),
            };
            if !valid {
                let code = match q.kind {
                    QuestionKind::ShortText => ErrorCode::TooLong { max: TEXT_MAX },
                    QuestionKind::LongText => ErrorCode::TooLong { max: LONG_TEXT_MAX },
                    _ => ErrorCode::InvalidChoice,
                };
                e.push(field, code);
                continue;
            }
            answers.push(Answer { question: q.text.clone(), kind: q.kind, values: given });
        }
        if !self.consent {
            e.push("consent", ErrorCode::ConsentRequired);
        }
        match (first_name, last_name, email, e.is_empty()) {
            (Some(first_name), Some(last_name), Some(email), true) => Ok(ValidApplication {
                first_name,
                last_name,
                email,
                phone,
                linkedin,
                work_experience,
                education,
                answers,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::Question;

    fn form() -> FormConfig {
        FormConfig {
            fields: vec![
                (FormField::Phone, FieldSetting::Optional),
                (FormField::Cv, FieldSetting::Required),
                (FormField::CoverLetter, FieldSetting::Hidden),
                (FormField::Education, FieldSetting::Optional),
                (FormField::WorkExperience, FieldSetting::Hidden),
                (FormField::Linkedin, FieldSetting::Optional),
            ],
            questions: vec![
                Question { text: "Førerkort?".into(), kind: QuestionKind::YesNo, options: vec![], required: true },
                Question {
                    text: "Språk".into(),
                    kind: QuestionKind::MultipleChoice,
                    options: vec!["Norsk".into(), "Engelsk".into()],
                    required: false,
                },
            ],
        }
    }

    fn good() -> ApplicationInput {
        ApplicationInput {
            first_name: "Bjørn".into(),
            last_name: "Ås".into(),
            email: "bjorn@example.no".into(),
            phone: "+47 912 34 567".into(),
            education: vec![
                Education {
                    school: "NTNU".into(),
                    from_year: "2015".into(),
                    to_year: "2020".into(),
                    ..Default::default()
                },
                Education::default(),
            ],
            answers: vec![vec!["yes".into()], vec!["Norsk".into(), "Engelsk".into()]],
            consent: true,
            has_cv: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_application_passes() {
        let v = good().validate(&form(), 2026).unwrap();
        assert_eq!(v.education.len(), 1, "blank education rows are dropped");
        assert_eq!(v.answers[1].values, vec!["Norsk", "Engelsk"]);
        assert_eq!(v.work_experience, None, "hidden fields are not stored");
    }

    #[test]
    fn each_problem_is_named() {
        let mut a = good();
        a.phone = "ring meg".into();
        a.linkedin = "https://evil.example/in/x".into();
        a.has_cv = false;
        a.consent = false;
        a.honeypot = "http://spam".into();
        a.answers = vec![vec![], vec!["Fransk".into()]];
        a.education[0].from_year = "1820".into();
        a.education[1].degree = "Master".into();
        let errors = a.validate(&form(), 2026).unwrap_err();
        let codes: Vec<(&str, ErrorCode)> = errors.0.iter().map(|e| (&*e.field, e.code)).collect();
        for expected in [
            ("phone", ErrorCode::InvalidPhone),
            ("linkedin", ErrorCode::InvalidUrl),
            ("cv", ErrorCode::Required),
            ("consent", ErrorCode::ConsentRequired),
            ("website", ErrorCode::InvalidChoice),
            ("question_0", ErrorCode::Required),
            ("question_1", ErrorCode::InvalidChoice),
            ("edu_from_0", ErrorCode::InvalidYear),
            ("edu_school_1", ErrorCode::Required),
        ] {
            assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
        }
    }

    #[test]
    fn too_many_education_entries() {
        let mut a = good();
        a.education = vec![Education { school: "X".into(), ..Default::default() }; MAX_EDUCATION + 1];
        assert!(a.validate(&form(), 2026).unwrap_err().for_field("education").is_some());
    }

    #[test]
    fn norwegian_numbers_have_one_key_however_written() {
        let key = Some("91234567".to_string());
        for written in ["+47 912 34 567", "0047 91234567", "912 34 567", "91-23-45-67", "(+47) 912.34.567"] {
            assert_eq!(phone_key(written), key, "{written}");
        }
        assert_eq!(phone_key("+46 70 123 45 67"), Some("+46701234567".into()), "other countries keep their code");
        assert_ne!(phone_key("912 34 568"), key);
        assert_eq!(phone_key(" - "), None);
    }

    #[test]
    fn phones_and_linkedin() {
        assert!(is_phone("+47 912 34 567") && is_phone("(22) 33-44-55") && !is_phone("123") && !is_phone("12345678a"));
        assert!(is_linkedin("https://www.linkedin.com/in/kari") && is_linkedin("https://no.linkedin.com/in/x"));
        assert!(!is_linkedin("https://linkedin.com.evil.example/in/x") && !is_linkedin("javascript:alert(1)"));
    }
}
