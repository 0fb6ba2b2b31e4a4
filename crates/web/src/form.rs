//! Form fields with their label, value and localized error, rendered by `templates/field.html`.

use domain::FieldErrors;

use domain::i18n::T;

pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub input_type: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub autocomplete: &'static str,
    pub hint: Option<String>,
    pub maxlength: usize,
}

impl Field {
    pub fn new(
        t: T,
        name: &'static str,
        label_key: &'static str,
        input_type: &'static str,
        autocomplete: &'static str,
    ) -> Field {
        Field {
            name,
            label: t.get(label_key),
            input_type,
            value: String::new(),
            error: None,
            autocomplete,
            hint: None,
            maxlength: 200,
        }
    }

    /// Keeps what the person typed (never for passwords) so a failed submit loses nothing.
    pub fn value(mut self, v: &str) -> Field {
        if self.input_type != "password" {
            self.value = v.to_string();
        }
        self
    }

    pub fn hint(mut self, hint: String) -> Field {
        self.hint = Some(hint);
        self
    }

    pub fn max(mut self, n: usize) -> Field {
        self.maxlength = n;
        self
    }

    pub fn errors(mut self, t: T, errors: &FieldErrors) -> Field {
        self.error = errors.for_field(self.name).map(|e| t.field_error(e));
        self
    }

    pub fn describedby(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("f-{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("f-{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// The lines of the error summary at the top of a form: (field id, label, message).
pub fn summary(fields: &[Field]) -> Vec<(String, &'static str, String)> {
    fields.iter().filter_map(|f| f.error.clone().map(|e| (format!("f-{}", f.name), f.label, e))).collect()
}
