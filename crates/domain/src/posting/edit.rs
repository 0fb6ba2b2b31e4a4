//! The posting form's editing buttons: add, remove or move a pipeline step, add or remove a question or a work
//! location. Each submits the whole form with `action=<verb>[:<index>]` and the form comes back changed, so the
//! form works the same without script.

use super::{EvaluationForm, PostingInput, QuestionInput, QuestionKind, StepInput, StepType};
use crate::workplace::LocationInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    AddStep,
    RemoveStep(usize),
    MoveStepUp(usize),
    MoveStepDown(usize),
    AddQuestion,
    RemoveQuestion(usize),
    AddLocation,
    RemoveLocation(usize),
}

impl Edit {
    /// The edit a button's `action` names (`add_step`, `remove_step:2`, `up:1`, …); `None` for every other action
    /// (save, preview, the hiring team's) and for an index that is not a number.
    pub fn parse(action: &str) -> Option<Edit> {
        let (verb, index) = match action.split_once(':') {
            Some((verb, index)) => (verb, Some(index.parse::<usize>().ok()?)),
            None => (action, None),
        };
        Some(match (verb, index) {
            ("add_step", None) => Edit::AddStep,
            ("remove_step", Some(i)) => Edit::RemoveStep(i),
            ("up", Some(i)) => Edit::MoveStepUp(i),
            ("down", Some(i)) => Edit::MoveStepDown(i),
            ("add_question", None) => Edit::AddQuestion,
            ("remove_question", Some(i)) => Edit::RemoveQuestion(i),
            ("add_location", None) => Edit::AddLocation,
            ("remove_location", Some(i)) => Edit::RemoveLocation(i),
            _ => return None,
        })
    }
}

impl PostingInput {
    /// Applies one edit. An index that names nothing (a form from before another edit, or a forged one) changes
    /// nothing: the form comes back as it was sent.
    pub fn apply(&mut self, edit: Edit) {
        let steps = self.steps.len();
        match edit {
            Edit::AddStep => self.steps.push(StepInput {
                step_type: StepType::Other.code().into(),
                evaluation_form: EvaluationForm::None.code(),
                ..StepInput::default()
            }),
            Edit::RemoveStep(i) if i < steps => {
                self.steps.remove(i);
            }
            Edit::MoveStepUp(i) if i > 0 && i < steps => self.steps.swap(i, i - 1),
            // Not `i + 1 < steps`: a forged `down:18446744073709551615` would overflow.
            Edit::MoveStepDown(i) if i < steps.saturating_sub(1) => self.steps.swap(i, i + 1),
            Edit::AddQuestion => self
                .questions
                .push(QuestionInput { kind: QuestionKind::ShortText.code().into(), ..QuestionInput::default() }),
            Edit::RemoveQuestion(i) if i < self.questions.len() => {
                self.questions.remove(i);
            }
            Edit::AddLocation => {
                // The form shows one empty row when there are none; adding keeps it and gives a second.
                if self.workplace.locations.is_empty() {
                    self.workplace.locations.push(LocationInput::default());
                }
                self.workplace.locations.push(LocationInput::default());
            }
            Edit::RemoveLocation(i) if i < self.workplace.locations.len() => {
                self.workplace.locations.remove(i);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_steps(names: &[&str]) -> PostingInput {
        let steps = names.iter().map(|n| StepInput { name: (*n).into(), ..StepInput::default() }).collect();
        PostingInput { steps, ..PostingInput::default() }
    }

    fn names(input: &PostingInput) -> Vec<&str> {
        input.steps.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn actions_parse_to_edits_and_nothing_else() {
        assert_eq!(Edit::parse("add_step"), Some(Edit::AddStep));
        assert_eq!(Edit::parse("remove_step:2"), Some(Edit::RemoveStep(2)));
        assert_eq!(Edit::parse("up:1"), Some(Edit::MoveStepUp(1)));
        assert_eq!(Edit::parse("down:0"), Some(Edit::MoveStepDown(0)));
        assert_eq!(Edit::parse("remove_location:0"), Some(Edit::RemoveLocation(0)));
        for other in ["save", "preview", "remove_member:1", "remove_step", "remove_step:x", "up:-1", "add_step:1", ""] {
            assert_eq!(Edit::parse(other), None, "{other}");
        }
    }

    #[test]
    fn steps_are_added_removed_and_moved() {
        let mut input = with_steps(&["Søkt", "Intervju", "Ansatt"]);
        input.apply(Edit::MoveStepUp(2));
        assert_eq!(names(&input), ["Søkt", "Ansatt", "Intervju"]);
        input.apply(Edit::MoveStepDown(0));
        assert_eq!(names(&input), ["Ansatt", "Søkt", "Intervju"]);
        input.apply(Edit::RemoveStep(1));
        assert_eq!(names(&input), ["Ansatt", "Intervju"]);
        input.apply(Edit::AddStep);
        let added = &input.steps[2];
        assert_eq!((added.name.as_str(), added.step_type.as_str()), ("", StepType::Other.code()));
        assert_eq!(added.evaluation_form, EvaluationForm::None.code());
    }

    #[test]
    fn an_index_that_names_nothing_changes_nothing() {
        let input = with_steps(&["Søkt", "Intervju"]);
        for edit in [
            Edit::MoveStepUp(0),
            Edit::MoveStepDown(1),
            Edit::RemoveStep(2),
            Edit::MoveStepUp(usize::MAX),
            Edit::MoveStepDown(usize::MAX),
            Edit::RemoveQuestion(0),
            Edit::RemoveLocation(0),
        ] {
            let mut edited = input.clone();
            edited.apply(edit);
            assert_eq!(edited, input, "{edit:?}");
        }
    }

    #[test]
    fn the_first_added_location_keeps_the_empty_row_shown() {
        let mut input = PostingInput::default();
        input.apply(Edit::AddLocation);
        assert_eq!(input.workplace.locations.len(), 2);
        input.apply(Edit::RemoveLocation(0));
        input.apply(Edit::AddQuestion);
        assert_eq!(input.workplace.locations.len(), 1);
        assert_eq!(input.questions[0].kind, QuestionKind::ShortText.code());
    }
}
