//! Email templates with `{{candidate.first_name}}` and friends (`domain::placeholders`): checked when saved,
//! rendered at send time. A template that passes the check must render with every placeholder replaced.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|template: &str| {
    let values = domain::placeholders::Values {
        first_name: "Kari".into(),
        last_name: "Nordmann".into(),
        email: "kari@example.no".into(),
        job_title: "{{job.title}}".into(),
        ..Default::default()
    };
    let checked = domain::placeholders::check(template);
    let (subject, body) = values.fill(template, template);
    assert_eq!(subject, body);
    if checked.is_ok() {
        // A value is never read as a placeholder in turn: rendering is one pass.
        let marked = domain::placeholders::render(template, |_| "\u{1}".into());
        let placeholders = marked.matches('\u{1}').count() - template.matches('\u{1}').count();
        assert_eq!(placeholders, template.matches("{{").count(), "{template:?} → {marked:?}");
    }
});
