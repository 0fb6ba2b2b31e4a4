//! The posting form's fields as a browser submits them, for tests that make postings over HTTP. One file, which
//! the `ansett` binary's tests include with `#[path]`, so the form is written down once.

/// A posting with one «Screening» step that asks for a CV, saved with `status` ("published", "unlisted", …).
pub fn posting_form(title: &str, contact: &str, body: &str, status: &str) -> Vec<(String, String)> {
    [
        ("title", title),
        ("position_type", "other"),
        ("contact", contact),
        ("deadline", ""),
        ("language", "nb"),
        ("step_id_0", ""),
        ("step_name_0", "Screening"),
        ("step_type_0", "screening"),
        ("step_form_0", "standard"),
        ("body", body),
        ("field_phone", "optional"),
        ("field_cv", "required"),
        ("field_cover_letter", "hidden"),
        ("field_education", "hidden"),
        ("field_work_experience", "hidden"),
        ("field_linkedin", "hidden"),
        ("email_subject", "Takk, {{candidate.first_name}}"),
        ("email_body", "Hei {{candidate.full_name}}"),
        ("status", status),
        ("member", ""),
        ("action", "save"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Sets every field named `key` to `value`.
pub fn set(form: &mut [(String, String)], key: &str, value: &str) {
    for (k, v) in form.iter_mut() {
        if k == key {
            *v = value.to_string();
        }
    }
}
