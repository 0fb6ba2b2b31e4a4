//! Step automations (issue 22, part 4): «Når en kandidat flyttes hit» — what happens when an application is moved
//! into a pipeline step: an email template sent to the candidate, at once or after a delay, and/or the application
//! assigned to an employee. The rules that need no database live here; whether the template and the employee exist
//! is the `app` crate's question.

use crate::posting::indexed;
use crate::validate::ErrorCode;
use crate::FieldErrors;

/// The longest delay: 90 days. Longer than any recruitment step should wait for its routine email.
pub const MAX_DELAY_HOURS: i64 = 90 * 24;

/// The unit a delay is typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelayUnit {
    Hours,
    Days,
}

impl DelayUnit {
    pub const ALL: &'static [DelayUnit] = &[DelayUnit::Hours, DelayUnit::Days];

    pub fn code(self) -> &'static str {
        match self {
            DelayUnit::Hours => "hours",
            DelayUnit::Days => "days",
        }
    }

    pub fn from_code(code: &str) -> Option<DelayUnit> {
        Self::ALL.iter().copied().find(|u| u.code() == code)
    }

    fn hours(self) -> i64 {
        match self {
            DelayUnit::Hours => 1,
            DelayUnit::Days => 24,
        }
    }
}

/// A step's automation as stored: nothing set means the step does nothing when a candidate arrives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Automation {
    /// The company email template sent to the candidate.
    pub template: Option<String>,
    /// Hours after the move the email is sent (0: at once).
    pub delay_hours: i64,
    /// The user id of the employee the application is assigned to.
    pub assign_to: Option<String>,
}

impl Automation {
    pub fn is_empty(&self) -> bool {
        self.template.is_none() && self.assign_to.is_none()
    }

    /// The delay as the form shows it: whole days when it is whole days, hours otherwise ("" when none).
    pub fn delay_input(&self) -> (String, DelayUnit) {
        match self.delay_hours {
            0 => (String::new(), DelayUnit::Hours),
            h if h % 24 == 0 => ((h / 24).to_string(), DelayUnit::Days),
            h => (h.to_string(), DelayUnit::Hours),
        }
    }
}

/// A step's automation as the form submits it: every value still text ("" for none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutomationInput {
    pub template: String,
    pub delay: String,
    pub delay_unit: String,
    pub assign_to: String,
}

impl AutomationInput {
    pub fn of(a: &Automation) -> AutomationInput {
        let (delay, unit) = a.delay_input();
        AutomationInput {
            template: a.template.clone().unwrap_or_default(),
            delay,
            delay_unit: unit.code().to_string(),
            assign_to: a.assign_to.clone().unwrap_or_default(),
        }
    }

    /// The automation of step `i`, its errors pushed under `step_delay_{i}`: a delay is a whole number of hours
    /// or days up to `MAX_DELAY_HOURS`, and only with a template (a delay of nothing would be a silent no-op).
    pub fn validate(&self, e: &mut FieldErrors, i: usize) -> Automation {
        let template = Some(self.template.trim().to_string()).filter(|t| !t.is_empty());
        let assign_to = Some(self.assign_to.trim().to_string()).filter(|t| !t.is_empty());
        let unit = DelayUnit::from_code(self.delay_unit.trim()).unwrap_or(DelayUnit::Hours);
        let field = indexed("step_delay", i);
        let delay = self.delay.trim();
        let delay_hours = if delay.is_empty() {
            0
        } else {
            let max = MAX_DELAY_HOURS / unit.hours();
            match delay.parse::<i64>() {
                Ok(n) if (0..=max).contains(&n) && (n == 0 || template.is_some()) => n * unit.hours(),
                Ok(n) if (0..=max).contains(&n) => {
                    e.push(indexed("step_template", i), ErrorCode::Required);
                    0
                }
                _ => {
                    e.push(field.clone(), ErrorCode::OutOfRange { min: 0, max });
                    0
                }
            }
        };
        if !self.delay_unit.trim().is_empty() && DelayUnit::from_code(self.delay_unit.trim()).is_none() {
            e.push(field, ErrorCode::InvalidChoice);
        }
        Automation { template, delay_hours, assign_to }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(template: &str, delay: &str, unit: &str) -> AutomationInput {
        AutomationInput {
            template: template.into(),
            delay: delay.into(),
            delay_unit: unit.into(),
            assign_to: String::new(),
        }
    }

    #[test]
    fn delays_in_hours_or_days() {
        let mut e = FieldErrors::new();
        assert_eq!(input("t", "2", "days").validate(&mut e, 0).delay_hours, 48);
        assert_eq!(input("t", "5", "hours").validate(&mut e, 0).delay_hours, 5);
        assert_eq!(input("t", "", "hours").validate(&mut e, 0).delay_hours, 0);
        assert!(e.is_empty(), "{e:?}");
        let a = Automation { template: Some("t".into()), delay_hours: 48, assign_to: None };
        assert_eq!(AutomationInput::of(&a), input("t", "2", "days"));
        let a = Automation { delay_hours: 30, ..a };
        assert_eq!(AutomationInput::of(&a).delay, "30");
    }

    #[test]
    fn bad_delays_are_named() {
        for (delay, unit, field, code) in [
            ("-1", "hours", "step_delay_3", ErrorCode::OutOfRange { min: 0, max: MAX_DELAY_HOURS }),
            ("91", "days", "step_delay_3", ErrorCode::OutOfRange { min: 0, max: 90 }),
            ("1.5", "days", "step_delay_3", ErrorCode::OutOfRange { min: 0, max: 90 }),
            ("1", "weeks", "step_delay_3", ErrorCode::InvalidChoice),
        ] {
            let mut e = FieldErrors::new();
            input("t", delay, unit).validate(&mut e, 3);
            assert_eq!(e.for_field(field).map(|f| f.code), Some(code), "{delay} {unit}");
        }
        let mut e = FieldErrors::new();
        input("", "2", "days").validate(&mut e, 1);
        assert_eq!(e.for_field("step_template_1").map(|f| f.code), Some(ErrorCode::Required));
    }
}
