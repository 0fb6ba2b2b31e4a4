//! Stillinger: the list (`list`), "Ny stillingsannonse" / "Rediger" (`form`: one form with the article's seven
//! sections), and the posting page with its public link (`show`); here the labels they and other pages share.

mod form;
mod list;
mod show;

pub use form::{create, edit, new, update};
pub use list::list;
pub use show::show;

use domain::automation::DelayUnit;
use domain::evaluation::CompanyForm;
use domain::i18n::T;
use domain::posting::{EvaluationForm, FieldSetting, FormField, PositionType, PostingStatus, QuestionKind, StepType};

use crate::context::Ctx;
use crate::layout::{calendar_date, Layout};

pub fn position_label(t: T, p: PositionType) -> &'static str {
    match p {
        PositionType::Permanent => t.get("position.permanent"),
        PositionType::Temporary => t.get("position.temporary"),
        PositionType::Engagement => t.get("position.engagement"),
        PositionType::Project => t.get("position.project"),
        PositionType::FixedTerm => t.get("position.fixed_term"),
        PositionType::Seasonal => t.get("position.seasonal"),
        PositionType::Apprentice => t.get("position.apprentice"),
        PositionType::Trainee => t.get("position.trainee"),
        PositionType::Other => t.get("position.other"),
    }
}

pub fn step_type_label(t: T, s: StepType) -> &'static str {
    match s {
        StepType::Screening => t.get("steptype.screening"),
        StepType::Interview => t.get("steptype.interview"),
        StepType::Test => t.get("steptype.test"),
        StepType::ReferenceCheck => t.get("steptype.reference_check"),
        StepType::Offer => t.get("steptype.offer"),
        StepType::Hire => t.get("steptype.hire"),
        StepType::Other => t.get("steptype.other"),
    }
}

pub(super) fn delay_unit_label(t: T, u: DelayUnit) -> &'static str {
    match u {
        DelayUnit::Hours => t.get("automation.unit.hours"),
        DelayUnit::Days => t.get("automation.unit.days"),
    }
}

/// A step's evaluation form as people know it: "Ingen", "Standard", or the company form's name.
pub fn eval_label(t: T, f: &EvaluationForm, forms: &[CompanyForm]) -> String {
    match f {
        EvaluationForm::None => t.get("eval.none").to_string(),
        EvaluationForm::Standard => t.get("eval.standard").to_string(),
        EvaluationForm::Custom(id) => {
            forms.iter().find(|x| &x.id == id).map_or_else(|| t.get("eval.standard").to_string(), |x| x.name.clone())
        }
    }
}

pub fn status_label(t: T, s: PostingStatus) -> &'static str {
    match s {
        PostingStatus::Draft => t.get("pstatus.draft"),
        PostingStatus::Published => t.get("pstatus.published"),
        PostingStatus::Unlisted => t.get("pstatus.unlisted"),
        PostingStatus::Closed => t.get("pstatus.closed"),
    }
}

pub(super) fn status_help(t: T, s: PostingStatus) -> &'static str {
    match s {
        PostingStatus::Draft => t.get("pstatus.draft.help"),
        PostingStatus::Published => t.get("pstatus.published.help"),
        PostingStatus::Unlisted => t.get("pstatus.unlisted.help"),
        PostingStatus::Closed => t.get("pstatus.closed.help"),
    }
}

pub fn field_label(t: T, f: FormField) -> &'static str {
    match f {
        FormField::Phone => t.get("field.phone"),
        FormField::Cv => t.get("field.cv"),
        FormField::CoverLetter => t.get("field.cover_letter"),
        FormField::Education => t.get("field.education"),
        FormField::WorkExperience => t.get("field.work_experience"),
        FormField::Linkedin => t.get("field.linkedin"),
    }
}

pub fn setting_label(t: T, s: FieldSetting) -> &'static str {
    match s {
        FieldSetting::Required => t.get("setting.required"),
        FieldSetting::Optional => t.get("setting.optional"),
        FieldSetting::Hidden => t.get("setting.hidden"),
    }
}

pub fn kind_label(t: T, k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::ShortText => t.get("kind.short_text"),
        QuestionKind::LongText => t.get("kind.long_text"),
        QuestionKind::YesNo => t.get("kind.yes_no"),
        QuestionKind::SingleChoice => t.get("kind.single_choice"),
        QuestionKind::MultipleChoice => t.get("kind.multiple_choice"),
    }
}

pub(super) fn placeholder_label(t: T, name: &str) -> &'static str {
    match name {
        "candidate.first_name" => t.get("placeholder.candidate.first_name"),
        "candidate.last_name" => t.get("placeholder.candidate.last_name"),
        "candidate.full_name" => t.get("placeholder.candidate.full_name"),
        "candidate.email" => t.get("placeholder.candidate.email"),
        "job.title" => t.get("placeholder.job.title"),
        "job.link" => t.get("placeholder.job.link"),
        "company.name" => t.get("placeholder.company.name"),
        "contact.full_name" => t.get("placeholder.contact.full_name"),
        "contact.email" => t.get("placeholder.contact.email"),
        _ => t.get("placeholder.application.date"),
    }
}

pub(super) fn fixed_fields(t: T) -> Vec<&'static str> {
    vec![t.get("field.first_name"), t.get("field.last_name"), t.get("field.email")]
}

pub(super) use crate::pages::screening::parse_id;

pub fn titled(ctx: &Ctx, key: &'static str, section: &'static str, title: String) -> Layout {
    let mut l = ctx.layout(key, section);
    l.title = title;
    l
}

/// A stored `YYYY-MM-DD` shown as the language writes dates.
pub fn date_of(t: T, ymd: &str) -> String {
    match domain::civil_time::parse_date(ymd) {
        Some(days) => {
            let (y, m, d) = domain::civil_time::civil_from_days(days);
            calendar_date(t, y, m, d)
        }
        None => ymd.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Language;

    #[test]
    fn stored_dates_show_in_each_language() {
        assert_eq!(date_of(T(Language::Nb), "2026-12-01"), "01.12.2026");
        assert_eq!(date_of(T(Language::En), "2026-12-01"), "1 Dec 2026");
        assert_eq!(date_of(T(Language::Nb), "garbage"), "garbage");
    }
}
