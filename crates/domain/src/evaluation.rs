//! Evaluations: what a hiring-team member thinks of a candidate in one step. Every form asks for the overall
//! recommendation and a comment ("Standard"); a company's own form adds criteria rated 1–5 and free-text questions.

use serde::{Deserialize, Serialize};

use crate::posting::indexed;
use crate::validate::{ErrorCode, FieldErrors};

pub const COMMENT_MAX: usize = 5_000;
pub const ANSWER_MAX: usize = 2_000;
pub const FORM_NAME_MAX: usize = 100;
pub const ITEM_MAX: usize = 200;
pub const MAX_ITEMS: usize = 20;

/// The overall recommendation, from worst to best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recommendation {
    DefinitelyNot,
    No,
    Yes,
    StrongYes,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] =
        [Recommendation::DefinitelyNot, Recommendation::No, Recommendation::Yes, Recommendation::StrongYes];

    pub fn code(self) -> &'static str {
        match self {
            Recommendation::DefinitelyNot => "definitely_not",
            Recommendation::No => "no",
            Recommendation::Yes => "yes",
            Recommendation::StrongYes => "strong_yes",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The translation key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Recommendation::DefinitelyNot => "eval.rec.definitely_not",
            Recommendation::No => "eval.rec.no",
            Recommendation::Yes => "eval.rec.yes",
            Recommendation::StrongYes => "eval.rec.strong_yes",
        }
    }
}

/// What a company's own form asks besides the recommendation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDefinition {
    pub criteria: Vec<String>,
    pub questions: Vec<String>,
}

/// A company form as typed into the settings page.
#[derive(Clone, Debug, Default)]
pub struct FormInput {
    pub name: String,
    pub criteria: Vec<String>,
    pub questions: Vec<String>,
}

impl FormInput {
    /// Trims everything, drops empty rows, and checks the limits; a form needs at least one criterion or question
    /// (otherwise it is "Standard").
    pub fn validate(&self) -> Result<(String, FormDefinition), FieldErrors> {
        let mut e = FieldErrors::new();
        let name = crate::validate::clean(&self.name);
        if name.is_empty() {
            e.push("name", ErrorCode::Required);
        } else if name.chars().count() > FORM_NAME_MAX {
            e.push("name", ErrorCode::TooLong { max: FORM_NAME_MAX });
        }
        let criteria = items(&mut e, "criterion", &self.criteria);
        let questions = items(&mut e, "question", &self.questions);
        if criteria.is_empty() && questions.is_empty() {
            e.push(indexed("criterion", 0), ErrorCode::Required);
        }
        if e.is_empty() {
            Ok((name, FormDefinition { criteria, questions }))
        } else {
            Err(e)
        }
    }
}

fn items(e: &mut FieldErrors, field: &str, raw: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, item) in raw.iter().enumerate() {
        let item = crate::validate::clean(item);
        if item.is_empty() {
            continue;
        }
        if item.chars().count() > ITEM_MAX {
            e.push(indexed(field, i), ErrorCode::TooLong { max: ITEM_MAX });
        }
        out.push(item);
    }
    if out.len() > MAX_ITEMS {
        e.push(indexed(field, 0), ErrorCode::TooMany { max: MAX_ITEMS });
    }
    out
}

/// An evaluation as submitted: one rating per criterion ("1"–"5") and one answer per question, in form order.
#[derive(Clone, Debug, Default)]
pub struct EvaluationInput {
    pub recommendation: String,
    pub comment: String,
    pub ratings: Vec<String>,
    pub answers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidEvaluation {
    pub recommendation: Recommendation,
    pub comment: String,
    pub ratings: Vec<u8>,
    pub answers: Vec<String>,
}

impl EvaluationInput {
    /// Checks the input against the step's form: `definition` is empty for "Standard".
    pub fn validate(&self, definition: &FormDefinition) -> Result<ValidEvaluation, FieldErrors> {
        let mut e = FieldErrors::new();
        let recommendation = Recommendation::from_code(self.recommendation.trim());
        if recommendation.is_none() {
            e.push("recommendation", ErrorCode::Required);
        }
        let comment = crate::validate::clean(&self.comment);
        if comment.chars().count() > COMMENT_MAX {
            e.push("comment", ErrorCode::TooLong { max: COMMENT_MAX });
        }
        let mut ratings = Vec::new();
        for i in 0..definition.criteria.len() {
            match self.ratings.get(i).and_then(|r| r.trim().parse::<u8>().ok()).filter(|r| (1..=5).contains(r)) {
                Some(r) => ratings.push(r),
                None => e.push(indexed("rating", i), ErrorCode::Required),
            }
        }
        let mut answers = Vec::new();
        for i in 0..definition.questions.len() {
            let a = self.answers.get(i).map(|a| crate::validate::clean(a)).unwrap_or_default();
            if a.chars().count() > ANSWER_MAX {
                e.push(indexed("answer", i), ErrorCode::TooLong { max: ANSWER_MAX });
            }
            answers.push(a);
        }
        match recommendation {
            Some(recommendation) if e.is_empty() => Ok(ValidEvaluation { recommendation, comment, ratings, answers }),
            _ => Err(e),
        }
    }
}

/// One of the company's own evaluation forms (next to the built-in "Standard"), with what it asks.
#[derive(Clone, Debug)]
pub struct CompanyForm {
    pub id: crate::EvaluationFormId,
    pub name: String,
    pub definition: FormDefinition,
}

/// How many evaluations gave each recommendation, worst first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary(pub [usize; 4]);

impl Summary {
    pub fn of(recommendations: impl IntoIterator<Item = Recommendation>) -> Self {
        let mut counts = [0; 4];
        for r in recommendations {
            counts[r as usize] += 1;
        }
        Summary(counts)
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// (recommendation, count) for the recommendations given at least once, best first.
    pub fn given(&self) -> Vec<(Recommendation, usize)> {
        Recommendation::ALL.into_iter().rev().map(|r| (r, self.0[r as usize])).filter(|(_, n)| *n > 0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> FormDefinition {
        FormDefinition { criteria: vec!["Fag".into(), "Samarbeid".into()], questions: vec!["Bekymringer?".into()] }
    }

    #[test]
    fn standard_needs_only_a_recommendation() {
        let ok = EvaluationInput { recommendation: "strong_yes".into(), ..Default::default() }
            .validate(&FormDefinition::default())
            .unwrap();
        assert_eq!(ok.recommendation, Recommendation::StrongYes);
        let err = EvaluationInput::default().validate(&FormDefinition::default()).unwrap_err();
        assert_eq!(err.0[0].field, "recommendation");
    }

    #[test]
    fn company_forms_need_every_rating_in_range() {
        let mut input = EvaluationInput {
            recommendation: "yes".into(),
            comment: " fin ".into(),
            ratings: vec!["5".into(), "0".into()],
            answers: vec!["ingen".into()],
        };
        let err = input.validate(&def()).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].field, indexed("rating", 1));
        input.ratings[1] = "3".into();
        let ok = input.validate(&def()).unwrap();
        assert_eq!((ok.ratings, ok.comment.as_str(), ok.answers), (vec![5, 3], "fin", vec!["ingen".to_string()]));
    }

    #[test]
    fn forms_need_a_name_and_something_to_ask() {
        let err = FormInput::default().validate().unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, vec!["name".into(), indexed("criterion", 0)]);
        let (name, d) = FormInput {
            name: " Intervju ".into(),
            criteria: vec!["Fag".into(), " ".into()],
            questions: vec!["Hva mer?".into()],
        }
        .validate()
        .unwrap();
        assert_eq!((name.as_str(), d.criteria.len(), d.questions.len()), ("Intervju", 1, 1));
    }

    #[test]
    fn summary_counts_and_orders_best_first() {
        let s = Summary::of([Recommendation::Yes, Recommendation::No, Recommendation::Yes]);
        assert_eq!(s.total(), 3);
        assert_eq!(s.given(), vec![(Recommendation::Yes, 2), (Recommendation::No, 1)]);
    }

    #[test]
    fn codes_round_trip() {
        for r in Recommendation::ALL {
            assert_eq!(Recommendation::from_code(r.code()), Some(r));
        }
        assert_eq!(Recommendation::from_code("maybe"), None);
    }
}
