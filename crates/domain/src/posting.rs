//! Job postings: their kinds, pipeline, application form and confirmation email, and the rules a posting must
//! satisfy before it is saved. Rules that need the database (is the contact person an employee?) live in `app`.

use serde::{Deserialize, Serialize};

use crate::automation::Automation;
use crate::validate::{ErrorCode, FieldErrors, FieldName};
use crate::workplace::{Salary, Workplace, WorkplaceInput};
use crate::{placeholders, CompanyId, Language, PostingId, StepId, UserId};

mod edit;
pub use edit::Edit;

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

code_enum!(
    /// NAV's list of position types.
    PositionType {
        Permanent => "permanent",
        Temporary => "temporary",
        Engagement => "engagement",
        Project => "project",
        FixedTerm => "fixed_term",
        Seasonal => "seasonal",
        Apprentice => "apprentice",
        Trainee => "trainee",
        Other => "other",
    }
);

code_enum!(
    PostingStatus {
        Draft => "draft",
        Published => "published",
        Unlisted => "unlisted",
        Closed => "closed",
    }
);

code_enum!(
    StepType {
        Screening => "screening",
        Interview => "interview",
        Test => "test",
        ReferenceCheck => "reference_check",
        Offer => "offer",
        Hire => "hire",
        Other => "other",
    }
);

code_enum!(
    /// How a form field is used on the application form.
    FieldSetting {
        Required => "required",
        Optional => "optional",
        Hidden => "hidden",
    }
);

code_enum!(
    /// The configurable fields of the application form (first name, last name and email are always required).
    FormField {
        Phone => "phone",
        Cv => "cv",
        CoverLetter => "cover_letter",
        Education => "education",
        WorkExperience => "work_experience",
        Linkedin => "linkedin",
    }
);

code_enum!(
    QuestionKind {
        ShortText => "short_text",
        LongText => "long_text",
        YesNo => "yes_no",
        SingleChoice => "single_choice",
        MultipleChoice => "multiple_choice",
    }
);

impl QuestionKind {
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice)
    }
}

impl PostingStatus {
    /// Candidates can reach the application form (by link, for unlisted postings).
    pub fn accepts_applications(self) -> bool {
        matches!(self, PostingStatus::Published | PostingStatus::Unlisted)
    }
}

/// The evaluation form of a pipeline step: none, the built-in "Standard", or one of the company's own forms
/// (by id; that it exists in the company is checked where the database is at hand).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvaluationForm {
    None,
    Standard,
    Custom(crate::EvaluationFormId),
}

const CUSTOM_PREFIX: &str = "custom:";

impl EvaluationForm {
    pub fn code(&self) -> String {
        match self {
            EvaluationForm::None => "none".into(),
            EvaluationForm::Standard => "standard".into(),
            EvaluationForm::Custom(id) => format!("{CUSTOM_PREFIX}{id}"),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "none" => Some(EvaluationForm::None),
            "standard" => Some(EvaluationForm::Standard),
            other => {
                let id = other.strip_prefix(CUSTOM_PREFIX)?;
                crate::EvaluationFormId::parse(id).map(EvaluationForm::Custom)
            }
        }
    }

    /// Whether team members evaluate candidates in a step with this form.
    pub fn evaluates(&self) -> bool {
        !matches!(self, EvaluationForm::None)
    }
}

/// A posting as stored.
#[derive(Clone, Debug)]
pub struct Posting {
    pub company_id: CompanyId,
    pub id: PostingId,
    pub title: String,
    pub position_type: PositionType,
    pub contact_user_id: UserId,
    pub deadline: Option<String>,
    pub language: Language,
    pub body: String,
    pub form: FormConfig,
    pub email_subject: String,
    pub email_body: String,
    pub status: PostingStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub workplace: Workplace,
    pub salary: Option<Salary>,
}

/// A step of a posting's pipeline, as stored.
#[derive(Clone, Debug)]
pub struct Step {
    pub id: StepId,
    pub position: i64,
    pub name: String,
    pub step_type: StepType,
    pub evaluation_form: EvaluationForm,
    /// «Når en kandidat flyttes hit».
    pub automation: Automation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
}

/// What the application form asks, stored with the posting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormConfig {
    pub fields: Vec<(FormField, FieldSetting)>,
    pub questions: Vec<Question>,
}

impl Default for FormConfig {
    fn default() -> Self {
        use FieldSetting::*;
        use FormField::*;
        FormConfig {
            fields: vec![
                (Phone, Optional),
                (Cv, Required),
                (CoverLetter, Optional),
                (Education, Hidden),
                (WorkExperience, Hidden),
                (Linkedin, Optional),
            ],
            questions: Vec::new(),
        }
    }
}

impl FormConfig {
    pub fn setting(&self, field: FormField) -> FieldSetting {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, s)| *s).unwrap_or(FieldSetting::Hidden)
    }
}

pub const TITLE_MAX: usize = 150;
pub const STEP_NAME_MAX: usize = 60;
pub const MAX_STEPS: usize = 20;
pub const BODY_MAX: usize = 50_000;
pub const SUBJECT_MAX: usize = 200;
pub const EMAIL_BODY_MAX: usize = 10_000;
pub const QUESTION_MAX: usize = 300;
pub const MAX_QUESTIONS: usize = 30;
pub const OPTION_MAX: usize = 100;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_TEAM: usize = 50;

/// A pipeline step as submitted: `id` is set for a step that already exists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepInput {
    pub id: Option<String>,
    pub name: String,
    pub step_type: String,
    pub evaluation_form: String,
    /// «Når en kandidat flyttes hit».
    pub automation: crate::automation::AutomationInput,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionInput {
    pub text: String,
    pub kind: String,
    pub options: String,
    pub required: bool,
}

/// A posting as the form submits it: every value still text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostingInput {
    pub title: String,
    pub position_type: String,
    pub contact: String,
    pub deadline: String,
    pub language: String,
    pub steps: Vec<StepInput>,
    pub team: Vec<String>,
    pub body: String,
    pub fields: Vec<(String, String)>,
    pub questions: Vec<QuestionInput>,
    pub email_subject: String,
    pub email_body: String,
    pub status: String,
    /// Arbeidssted and Lønn.
    pub workplace: WorkplaceInput,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStep {
    pub id: Option<String>,
    pub name: String,
    pub step_type: StepType,
    pub evaluation_form: EvaluationForm,
    pub automation: crate::automation::Automation,
}

/// A posting that passed every rule that needs no database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPosting {
    pub title: String,
    pub position_type: PositionType,
    pub contact: String,
    /// `YYYY-MM-DD`, the last day applications are accepted.
    pub deadline: Option<String>,
    pub language: Language,
    pub steps: Vec<ValidStep>,
    pub team: Vec<String>,
    pub body: String,
    pub form: FormConfig,
    pub email_subject: String,
    pub email_body: String,
    pub status: PostingStatus,
    pub workplace: Workplace,
    pub salary: Option<Salary>,
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else { return false };
    if !(2000..=9999).contains(&y) || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn text(errors: &mut FieldErrors, field: impl Into<FieldName>, value: &str, max: usize, required: bool) -> String {
    errors.check(crate::validate::text(field, value, max, required)).unwrap_or_else(|| crate::validate::clean(value))
}

/// The field name of the `i`th of a repeated input (`step_name_0` …).
pub fn indexed(prefix: &str, i: usize) -> FieldName {
    FieldName::Owned(format!("{prefix}_{i}"))
}

impl PostingInput {
    /// Checks every rule that needs no database; `today` is `YYYY-MM-DD`.
    pub fn validate(&self, today: &str) -> Result<ValidPosting, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = text(&mut e, "title", &self.title, TITLE_MAX, true);
        let position_type = PositionType::from_code(&self.position_type);
        if position_type.is_none() {
            e.push("position_type", ErrorCode::InvalidChoice);
        }
        if self.contact.trim().is_empty() {
            e.push("contact", ErrorCode::Required);
        }
        let deadline = Some(self.deadline.trim().to_string()).filter(|d| !d.is_empty());
        let status = PostingStatus::from_code(&self.status);
        if status.is_none() {
            e.push("status", ErrorCode::InvalidChoice);
        }
        if let Some(d) = &deadline {
            if !is_date(d) {
                e.push("deadline", ErrorCode::InvalidDate);
            } else if status == Some(PostingStatus::Published) && d.as_str() < today {
                e.push("deadline", ErrorCode::DateInPast);
            }
        }
        let language = Language::from_code(&self.language);
        if language.is_none() {
            e.push("language", ErrorCode::InvalidChoice);
        }

        if self.steps.is_empty() {
            e.push("steps", ErrorCode::Required);
        } else if self.steps.len() > MAX_STEPS {
            e.push("steps", ErrorCode::TooMany { max: MAX_STEPS });
        }
        let mut steps = Vec::new();
        let mut seen = Vec::new();
        for (i, s) in self.steps.iter().enumerate().take(MAX_STEPS) {
            let name = text(&mut e, indexed("step_name", i), &s.name, STEP_NAME_MAX, true);
            let folded = crate::fold::fold(&name);
            if !name.is_empty() && seen.contains(&folded) {
                e.push(indexed("step_name", i), ErrorCode::Duplicate);
            }
            seen.push(folded);
            let step_type = StepType::from_code(&s.step_type);
            if step_type.is_none() {
                e.push(indexed("step_type", i), ErrorCode::InvalidChoice);
            }
            let form = EvaluationForm::from_code(&s.evaluation_form);
            if form.is_none() {
                e.push(indexed("step_form", i), ErrorCode::InvalidChoice);
            }
            let automation = s.automation.validate(&mut e, i);
            if let (Some(step_type), Some(evaluation_form)) = (step_type, form) {
                steps.push(ValidStep {
                    id: s.id.clone().filter(|id| !id.is_empty()),
                    name,
                    step_type,
                    evaluation_form,
                    automation,
                });
            }
        }

        let mut team: Vec<String> = Vec::new();
        for member in &self.team {
            if !team.contains(member) {
                team.push(member.clone());
            }
        }
        if team.len() > MAX_TEAM {
            e.push("team", ErrorCode::TooMany { max: MAX_TEAM });
        }

        let body = text(&mut e, "body", &self.body, BODY_MAX, false);

        let mut fields = Vec::new();
        for field in FormField::ALL {
            let submitted = self.fields.iter().find(|(k, _)| k == field.code()).map(|(_, v)| v.as_str());
            match submitted.and_then(FieldSetting::from_code) {
                Some(setting) => fields.push((*field, setting)),
                None => e.push(indexed("field", field_index(*field)), ErrorCode::InvalidChoice),
            }
        }
        // Anything else submitted as a field setting (e.g. an attempt to make email optional) is refused.
        for (k, _) in &self.fields {
            if FormField::from_code(k).is_none() {
                e.push("fields", ErrorCode::InvalidChoice);
            }
        }
        if self.questions.len() > MAX_QUESTIONS {
            e.push("questions", ErrorCode::TooMany { max: MAX_QUESTIONS });
        }
        let mut questions = Vec::new();
        for (i, q) in self.questions.iter().enumerate().take(MAX_QUESTIONS) {
            let qtext = text(&mut e, indexed("question_text", i), &q.text, QUESTION_MAX, true);
            let kind = QuestionKind::from_code(&q.kind);
            if kind.is_none() {
                e.push(indexed("question_kind", i), ErrorCode::InvalidChoice);
            }
            let options: Vec<String> =
                q.options.lines().map(crate::validate::clean).filter(|o| !o.is_empty()).collect();
            if let Some(kind) = kind {
                if kind.has_options() && options.len() < 2 {
                    e.push(indexed("question_options", i), ErrorCode::TooFewOptions { min: 2 });
                } else if options.len() > MAX_OPTIONS {
                    e.push(indexed("question_options", i), ErrorCode::TooMany { max: MAX_OPTIONS });
                } else if options.iter().any(|o| o.chars().count() > OPTION_MAX) {
                    e.push(indexed("question_options", i), ErrorCode::TooLong { max: OPTION_MAX });
                }
                let options = if kind.has_options() { options } else { Vec::new() };
                questions.push(Question { text: qtext, kind, options, required: q.required });
            }
        }

        let email_subject = text(&mut e, "email_subject", &self.email_subject, SUBJECT_MAX, true);
        let email_body = text(&mut e, "email_body", &self.email_body, EMAIL_BODY_MAX, true);
        for (field, value) in [("email_subject", &email_subject), ("email_body", &email_body)] {
            if placeholders::check(value).is_err() {
                e.push(field, ErrorCode::UnknownPlaceholder);
            }
        }

        let (workplace, salary) = self.workplace.validate(&mut e);

        match (position_type, status, language, e.is_empty()) {
            (Some(position_type), Some(status), Some(language), true) => Ok(ValidPosting {
                title,
                position_type,
                contact: self.contact.trim().to_string(),
                deadline,
                language,
                steps,
                team,
                body,
                form: FormConfig { fields, questions },
                email_subject,
                email_body,
                status,
                workplace,
                salary,
            }),
            _ => Err(e),
        }
    }
}

fn field_index(field: FormField) -> usize {
    FormField::ALL.iter().position(|f| *f == field).unwrap_or(0)
}

/// The error field name of a form-field select.
pub fn field_error_name(field: FormField) -> FieldName {
    indexed("field", field_index(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn valid_input() -> PostingInput {
        PostingInput {
            title: "Registrering".into(),
            position_type: "other".into(),
            contact: "0190a1b2-0000-7000-8000-000000000001".into(),
            deadline: String::new(),
            language: "nb".into(),
            steps: vec![
                StepInput {
                    id: None,
                    name: "Screening".into(),
                    step_type: "screening".into(),
                    evaluation_form: "standard".into(),
                    automation: Default::default(),
                },
                StepInput {
                    id: None,
                    name: "Sourcet videre".into(),
                    step_type: "other".into(),
                    evaluation_form: "none".into(),
                    automation: Default::default(),
                },
            ],
            team: vec!["a".into(), "a".into(), "b".into()],
            body: "Registrer deg som kandidat".into(),
            fields: FormField::ALL.iter().map(|f| (f.code().to_string(), "optional".to_string())).collect(),
            questions: vec![QuestionInput {
                text: "Førerkort?".into(),
                kind: "yes_no".into(),
                options: String::new(),
                required: true,
            }],
            email_subject: "Takk, {{candidate.first_name}}".into(),
            email_body: "Hei {{candidate.full_name}}".into(),
            status: "unlisted".into(),
            workplace: Default::default(),
        }
    }

    fn codes(input: &PostingInput) -> Vec<(FieldName, ErrorCode)> {
        input.validate("2026-11-26").unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn the_articles_registration_posting_is_valid() {
        let v = valid_input().validate("2026-11-26").unwrap();
        assert_eq!(v.position_type, PositionType::Other);
        assert_eq!(v.status, PostingStatus::Unlisted);
        assert_eq!(v.steps[0].evaluation_form, EvaluationForm::Standard);
        assert_eq!(v.steps[1].step_type, StepType::Other);
        assert_eq!(v.team, vec!["a".to_string(), "b".to_string()], "team members deduplicated");
        assert_eq!(v.form.setting(FormField::Education), FieldSetting::Optional);
    }

    #[test]
    fn every_rule_names_its_field() {
        let mut i = valid_input();
        i.title = " ".into();
        i.steps[1].name = "SCREENING".into();
        i.steps[0].evaluation_form = "my-form".into();
        i.email_body = "Hei {{candidate.age}}".into();
        i.questions[0].kind = "single_choice".into();
        i.questions[0].options = "bare ett".into();
        let c = codes(&i);
        assert!(c.contains(&("title".into(), ErrorCode::Required)));
        assert!(c.contains(&("step_name_1".into(), ErrorCode::Duplicate)));
        assert!(c.contains(&("step_form_0".into(), ErrorCode::InvalidChoice)));
        assert!(c.contains(&("email_body".into(), ErrorCode::UnknownPlaceholder)));
        assert!(c.contains(&("question_options_0".into(), ErrorCode::TooFewOptions { min: 2 })));
    }

    #[test]
    fn no_steps_overlong_text_and_bad_choices() {
        let mut i = valid_input();
        i.steps.clear();
        i.title = "x".repeat(TITLE_MAX + 1);
        i.position_type = "full_time".into();
        i.status = "secret".into();
        let c = codes(&i);
        assert!(c.contains(&("steps".into(), ErrorCode::Required)));
        assert!(c.contains(&("title".into(), ErrorCode::TooLong { max: TITLE_MAX })));
        assert!(c.contains(&("position_type".into(), ErrorCode::InvalidChoice)));
        assert!(c.contains(&("status".into(), ErrorCode::InvalidChoice)));
    }

    #[test]
    fn email_cannot_be_made_optional_and_every_field_needs_a_setting() {
        let mut i = valid_input();
        i.fields.push(("email".into(), "optional".into()));
        assert!(codes(&i).contains(&("fields".into(), ErrorCode::InvalidChoice)));
        let mut i = valid_input();
        i.fields.retain(|(k, _)| k != "cv");
        assert!(codes(&i).contains(&(field_error_name(FormField::Cv), ErrorCode::InvalidChoice)));
    }

    #[test]
    fn deadlines() {
        let mut i = valid_input();
        i.deadline = "2026-02-30".into();
        assert!(codes(&i).contains(&("deadline".into(), ErrorCode::InvalidDate)));
        i.deadline = "2026-11-25".into();
        i.status = "published".into();
        assert!(codes(&i).contains(&("deadline".into(), ErrorCode::DateInPast)));
        i.status = "draft".into();
        assert!(i.validate("2026-11-26").is_ok(), "a past deadline is fine for a draft");
        i.status = "published".into();
        i.deadline = "2026-11-26".into();
        assert!(i.validate("2026-11-26").is_ok(), "today is still open");
        assert!(is_date("2028-02-29") && !is_date("2027-02-29") && !is_date("26.11.2026"));
    }
}
