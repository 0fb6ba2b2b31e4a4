//! The application form at the posting's link + `/apply`: shown, read (multipart, bounded), submitted, and the
//! receipt after.

use app::public::{PublicPosting, Upload};
use app::{App, AppError};
use askama::Template;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::application::{ApplicationInput, Education, LONG_TEXT_MAX, MAX_EDUCATION, PHONE_MAX, TEXT_MAX, URL_MAX};
use domain::documents::MAX_BYTES;
use domain::posting::{indexed, FieldSetting, FormField, QuestionKind};
use domain::validate::{EMAIL_MAX, NAME_MAX};
use domain::FieldErrors;

use super::posting::{source_query, with_query};
use super::{frame, noindex, public_layout, OpenPosting, PublicFrame, SOURCE_KEYS};
use crate::client_address::ClientAddress;
use crate::context::Ctx;
use crate::error::{ErrorPage, WebError};
use crate::layout::{render, Layout};
use crate::pages::postings::field_label;

pub struct ApplyField {
    pub name: String,
    pub label: String,
    pub input_type: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub required: bool,
    pub autocomplete: &'static str,
    pub maxlength: usize,
}

struct FileField {
    name: &'static str,
    label: &'static str,
    required: bool,
    error: Option<String>,
}

struct EducationGroup {
    legend: String,
    fields: Vec<ApplyField>,
}

struct QuestionView {
    field: ApplyField,
    input_type: &'static str,
    /// (value, label, checked) for choice questions; empty for text questions.
    choices: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyView {
    l: Layout,
    p: PublicFrame,
    posting_url: String,
    action_url: String,
    closed: bool,
    summary: Vec<(String, String, String)>,
    files_again: bool,
    source: Vec<(String, String)>,
    fields: Vec<ApplyField>,
    files: Vec<FileField>,
    show_education: bool,
    education_required: bool,
    education: Vec<EducationGroup>,
    education_legend: String,
    work_experience: Option<ApplyField>,
    questions: Vec<QuestionView>,
    consent: bool,
    consent_label: String,
    consent_error: Option<String>,
    /// Talentbank: the optional checkbox's label, when the company asks; whether it is ticked.
    talent_pool: Option<String>,
    talent_pool_checked: bool,
}

/// What the form shows: what was typed (after a failed submit) and the errors.
struct ApplyState {
    input: ApplicationInput,
    errors: FieldErrors,
    source: Vec<(String, String)>,
    files_again: bool,
}

fn apply_view(ctx: &Ctx, public: &PublicPosting, state: ApplyState, status: StatusCode) -> Response {
    let t = ctx.t;
    let posting = &public.posting;
    let form = &posting.form;
    let input = &state.input;
    let err = |name: &str| state.errors.0.iter().find(|e| e.field == name).map(|e| t.field_error(e));
    let field = |name: &str,
                 label: String,
                 input_type: &'static str,
                 value: &str,
                 required: bool,
                 autocomplete: &'static str,
                 max: usize| ApplyField {
        name: name.to_string(),
        label,
        input_type,
        value: value.to_string(),
        error: err(name),
        required,
        autocomplete,
        maxlength: max,
    };
    let mut fields = vec![
        field("first_name", t.get("field.first_name").into(), "text", &input.first_name, true, "given-name", NAME_MAX),
        field("last_name", t.get("field.last_name").into(), "text", &input.last_name, true, "family-name", NAME_MAX),
        field("email", t.get("field.email").into(), "email", &input.email, true, "email", EMAIL_MAX),
    ];
    let setting = |f: FormField| form.setting(f);
    if setting(FormField::Phone) != FieldSetting::Hidden {
        let req = setting(FormField::Phone) == FieldSetting::Required;
        fields.push(field(
            "phone",
            field_label(t, FormField::Phone).into(),
            "tel",
            &input.phone,
            req,
            "tel",
            PHONE_MAX,
        ));
    }
    if setting(FormField::Linkedin) != FieldSetting::Hidden {
        let req = setting(FormField::Linkedin) == FieldSetting::Required;
        fields.push(field(
            "linkedin",
            field_label(t, FormField::Linkedin).into(),
            "url",
            &input.linkedin,
            req,
            "url",
            URL_MAX,
        ));
    }
    let files: Vec<FileField> = [(FormField::Cv, "cv"), (FormField::CoverLetter, "cover_letter")]
        .into_iter()
        .filter(|(f, _)| setting(*f) != FieldSetting::Hidden)
        .map(|(f, name)| FileField {
            name,
            label: field_label(t, f),
            required: setting(f) == FieldSetting::Required,
            error: err(name),
        })
        .collect();
    let education_setting = setting(FormField::Education);
    let mut entries = input.education.clone();
    if entries.is_empty() {
        entries.push(Education::default());
    }
    let education: Vec<EducationGroup> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| EducationGroup {
            legend: t.fmt("apply.education", &[("n", &(i + 1).to_string())]),
            fields: vec![
                field(
                    &indexed("edu_school", i),
                    t.get("edu.school").into(),
                    "text",
                    &e.school,
                    false,
                    "organization",
                    TEXT_MAX,
                ),
                field(&indexed("edu_degree", i), t.get("edu.degree").into(), "text", &e.degree, false, "off", TEXT_MAX),
                field(&indexed("edu_field", i), t.get("edu.field").into(), "text", &e.field, false, "off", TEXT_MAX),
                field(&indexed("edu_grade", i), t.get("edu.grade").into(), "text", &e.grade, false, "off", 20),
                field(&indexed("edu_from", i), t.get("edu.from").into(), "text", &e.from_year, false, "off", 4),
                field(&indexed("edu_to", i), t.get("edu.to").into(), "text", &e.to_year, false, "off", 4),
            ],
        })
        .collect();
    let work_experience = (setting(FormField::WorkExperience) != FieldSetting::Hidden).then(|| {
        let req = setting(FormField::WorkExperience) == FieldSetting::Required;
        field(
            "work_experience",
            field_label(t, FormField::WorkExperience).into(),
            "textarea",
            &input.work_experience,
            req,
            "off",
            LONG_TEXT_MAX,
        )
    });
    let questions: Vec<QuestionView> = form
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let name = indexed("question", i);
            let given = input.answers.get(i).cloned().unwrap_or_default();
            let first = given.first().cloned().unwrap_or_default();
            let (input_type, max, options): (&'static str, usize, Vec<(String, String)>) = match q.kind {
                QuestionKind::ShortText => ("text", TEXT_MAX, vec![]),
                QuestionKind::LongText => ("textarea", LONG_TEXT_MAX, vec![]),
                QuestionKind::YesNo => (
                    "radio",
                    3,
                    vec![("yes".into(), t.get("apply.yes").into()), ("no".into(), t.get("apply.no").into())],
                ),
                QuestionKind::SingleChoice => {
                    ("radio", OPTION_LEN, q.options.iter().map(|o| (o.clone(), o.clone())).collect())
                }
                QuestionKind::MultipleChoice => {
                    ("checkbox", OPTION_LEN, q.options.iter().map(|o| (o.clone(), o.clone())).collect())
                }
            };
            QuestionView {
                field: field(&name, q.text.clone(), input_type, &first, q.required, "off", max),
                input_type,
                choices: options
                    .into_iter()
                    .map(|(v, label)| {
                        let checked = given.contains(&v);
                        (v, label, checked)
                    })
                    .collect(),
            }
        })
        .collect();
    // The summary names each field by its own label.
    let labels: Vec<(String, String)> = fields
        .iter()
        .chain(work_experience.iter())
        .chain(education.iter().flat_map(|g: &EducationGroup| g.fields.iter()))
        .chain(questions.iter().map(|q: &QuestionView| &q.field))
        .map(|f| (f.name.clone(), f.label.clone()))
        .chain(files.iter().map(|f: &FileField| (f.name.to_string(), f.label.to_string())))
        .chain([("consent".to_string(), t.get("privacy.consent_label").to_string())])
        .collect();
    let summary: Vec<(String, String, String)> = state
        .errors
        .0
        .iter()
        .map(|e| {
            let label = labels.iter().find(|(n, _)| *n == e.field).map(|(_, l)| l.clone()).unwrap_or_default();
            (format!("f-{}", e.field), label, t.field_error(e))
        })
        .collect();
    let page = ApplyView {
        l: public_layout(ctx, t.fmt("apply.title", &[("title", &posting.title)])),
        p: frame(public),
        posting_url: with_query(&format!("/careers/{}/{}", public.company.slug, posting.id), &state.source),
        action_url: format!("/careers/{}/{}/apply?_csrf={}", public.company.slug, posting.id, ctx.csrf),
        closed: public.closed,
        summary,
        files_again: state.files_again,
        source: state.source,
        fields,
        files,
        show_education: education_setting != FieldSetting::Hidden,
        education_required: education_setting == FieldSetting::Required,
        education,
        education_legend: t.get("apply.education").to_string(),
        work_experience,
        questions,
        consent: input.consent,
        consent_label: t.fmt("apply.consent", &[("company", &public.company.name)]),
        consent_error: err("consent"),
        talent_pool: (public.talent_pool_months > 0)
            .then(|| app::talent_pool::consent_text(t.lang(), &public.company.name, public.talent_pool_months)),
        talent_pool_checked: input.talent_pool,
    };
    noindex(render(&page, status), true)
}

const OPTION_LEN: usize = 100;

pub async fn apply_form(
    OpenPosting { public, ctx, .. }: OpenPosting,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let state = ApplyState {
        input: ApplicationInput::default(),
        errors: FieldErrors::new(),
        source: source_query(raw.as_deref()),
        files_again: false,
    };
    Ok(apply_view(&ctx, &public, state, StatusCode::OK))
}

/// Where an education input's value goes.
type EducationSlot = fn(&mut Education) -> &mut String;

/// The multipart form as read: the application, its files, where the candidate came from, the button pressed,
/// and the files refused for size while streaming.
struct ReadForm {
    input: ApplicationInput,
    uploads: Vec<Upload>,
    source: Vec<(String, String)>,
    action: String,
    too_large: Vec<&'static str>,
}

/// Why a form could not be read at all.
enum Unreadable {
    /// Over the body limit.
    TooLarge,
    /// Not valid multipart, or a file name with a NUL (no file system or browser takes one).
    Malformed,
}

impl From<axum::extract::multipart::MultipartError> for Unreadable {
    fn from(e: axum::extract::multipart::MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unreadable::TooLarge
        } else {
            Unreadable::Malformed
        }
    }
}

/// Reads the multipart form. Files are read chunk by chunk and refused as soon as they pass the size limit,
/// without holding more than the limit in memory.
async fn read_form(mut multipart: Multipart) -> Result<ReadForm, Unreadable> {
    let mut input = ApplicationInput::default();
    let mut uploads = Vec::new();
    let mut source = Vec::new();
    let mut action = String::new();
    let mut too_large = Vec::new();
    let mut education: Vec<Education> = Vec::new();
    let mut answers: Vec<Vec<String>> = Vec::new();
    while let Some(mut part) = multipart.next_field().await? {
        let name = part.name().unwrap_or_default().to_string();
        if name == "cv" || name == "cover_letter" {
            let field: &'static str = if name == "cv" { "cv" } else { "cover_letter" };
            let filename = part.file_name().unwrap_or_default().to_string();
            if filename.contains('\0') {
                return Err(Unreadable::Malformed);
            }
            let mut bytes = Vec::new();
            let mut over = false;
            while let Some(chunk) = part.chunk().await? {
                if over {
                    continue;
                }
                if bytes.len() + chunk.len() > MAX_BYTES {
                    over = true;
                    bytes = Vec::new();
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            if over {
                too_large.push(field);
            } else if !filename.is_empty() || !bytes.is_empty() {
                uploads.push(Upload { field, filename, bytes });
            }
            continue;
        }
        // Text fields: small by nature; anything longer than a long answer is cut, then refused by validation.
        let mut value = String::new();
        while let Some(chunk) = part.chunk().await? {
            if value.len() < LONG_TEXT_MAX * 4 + 16 {
                value.push_str(&String::from_utf8_lossy(&chunk));
            }
        }
        let edu = |prefix: &str| {
            name.strip_prefix(prefix).and_then(|i| i.parse::<usize>().ok()).filter(|i| *i < MAX_EDUCATION * 4)
        };
        match name.as_str() {
            "first_name" => input.first_name = value,
            "last_name" => input.last_name = value,
            "email" => input.email = value,
            "phone" => input.phone = value,
            "linkedin" => input.linkedin = value,
            "work_experience" => input.work_experience = value,
            "consent" => input.consent = value == "yes",
            "talent_pool" => input.talent_pool = value == "yes",
            "website" => input.honeypot = value,
            "action" => action = value,
            k if SOURCE_KEYS.contains(&k) => source.push((k.to_string(), value.chars().take(100).collect())),
            k if k.starts_with("question_") => {
                if let Some(i) = k["question_".len()..].parse::<usize>().ok().filter(|i| *i < 100) {
                    if answers.len() <= i {
                        answers.resize(i + 1, Vec::new());
                    }
                    answers[i].push(value);
                }
            }
            _ => {
                let slots: [(&str, EducationSlot); 6] = [
                    ("edu_school_", |e| &mut e.school),
                    ("edu_degree_", |e| &mut e.degree),
                    ("edu_field_", |e| &mut e.field),
                    ("edu_grade_", |e| &mut e.grade),
                    ("edu_from_", |e| &mut e.from_year),
                    ("edu_to_", |e| &mut e.to_year),
                ];
                for (prefix, slot) in slots {
                    if let Some(i) = edu(prefix) {
                        if education.len() <= i {
                            education.resize(i + 1, Education::default());
                        }
                        *slot(&mut education[i]) = value;
                        break;
                    }
                }
            }
        }
    }
    input.education = education;
    input.answers = answers;
    input.has_cv = uploads.iter().any(|u| u.field == "cv");
    input.has_cover_letter = uploads.iter().any(|u| u.field == "cover_letter");
    Ok(ReadForm { input, uploads, source, action, too_large })
}

/// What `read_form` made of one body, in short: for the fuzz target and tests, which have no server.
#[derive(Debug, PartialEq, Eq)]
pub enum FormReading {
    /// Read: the files kept (field and file name) and the fields whose file was refused for size.
    Read {
        files: Vec<(&'static str, String)>,
        too_large: Vec<&'static str>,
    },
    TooLarge,
    Malformed,
}

/// The fuzz entry point of the apply form's multipart reader (`fuzz/fuzz_targets/apply_multipart.rs`):
/// `body`, sent with `content_type`, read exactly as `apply_submit` reads it.
pub async fn read_apply_form(content_type: &str, body: Vec<u8>) -> FormReading {
    use axum::extract::FromRequest;
    let Ok(request) = axum::http::Request::post("/").header(header::CONTENT_TYPE, content_type).body(body.into())
    else {
        return FormReading::Malformed;
    };
    // Extracting refuses what is not multipart at all (no boundary), as the route does.
    let Ok(multipart) = Multipart::from_request(request, &()).await else {
        return FormReading::Malformed;
    };
    match read_form(multipart).await {
        Ok(form) => FormReading::Read {
            files: form.uploads.into_iter().map(|u| (u.field, u.filename)).collect(),
            too_large: form.too_large,
        },
        Err(Unreadable::TooLarge) => FormReading::TooLarge,
        Err(Unreadable::Malformed) => FormReading::Malformed,
    }
}

pub async fn apply_submit(
    State(app): State<App>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, String)>,
    ClientAddress(address): ClientAddress,
    multipart: Multipart,
) -> Result<Response, WebError> {
    // The body is read first, whatever the answer: a client still sending gets to see it.
    let form = read_form(multipart).await;
    let OpenPosting { slug, public, ctx } = OpenPosting::open(&app, ctx, slug, &id).await?;
    let ReadForm { mut input, uploads, source, action, too_large } = match form {
        Ok(form) => form,
        Err(Unreadable::TooLarge) => return Ok(ErrorPage::TooLarge.into_response()),
        Err(Unreadable::Malformed) => return Ok(ErrorPage::Malformed.into_response()),
    };
    if action == "add_education" {
        input.education.push(Education::default());
        let state = ApplyState { input, errors: FieldErrors::new(), source, files_again: !uploads.is_empty() };
        return Ok(apply_view(&ctx, &public, state, StatusCode::OK));
    }
    let had_files = !uploads.is_empty() || !too_large.is_empty();
    let source_json =
        serde_json::Value::Object(source.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect());
    let result = if too_large.is_empty() {
        app.apply(&public, &input, uploads, source_json, &address, ctx.t.lang()).await
    } else {
        let mut errors = FieldErrors::new();
        for f in too_large {
            errors.push(f, domain::validate::ErrorCode::FileTooLarge);
        }
        // The rest of the form is still checked, so every problem is shown at once.
        if let Err(more) = input.validate(&public.posting.form, app::postings::this_year()) {
            errors.0.extend(more.0.into_iter().filter(|e| e.field != "cv" && e.field != "cover_letter"));
        }
        Err(AppError::Invalid(errors))
    };
    let base = format!("/careers/{slug}/{}", public.posting.id);
    match result {
        // The same answer whether or not this address already applied here (`App::apply`).
        Ok(()) => Ok(Redirect::to(&format!("{base}/applied")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let state = ApplyState { input, errors, source, files_again: had_files };
            Ok(apply_view(&ctx, &public, state, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(AppError::Refused(_)) => {
            let state = ApplyState { input, errors: FieldErrors::new(), source, files_again: false };
            Ok(apply_view(&ctx, &public, state, StatusCode::GONE))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "applied.html")]
struct AppliedView {
    l: Layout,
    p: PublicFrame,
    body: String,
}

pub async fn applied(OpenPosting { public, ctx, .. }: OpenPosting) -> Result<Response, WebError> {
    let t = ctx.t;
    let (title, body) =
        (t.get("applied.title").to_string(), t.fmt("applied.body", &[("title", &public.posting.title)]));
    let page = AppliedView { l: public_layout(&ctx, title), p: frame(&public), body };
    Ok(noindex(render(&page, StatusCode::OK), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "multipart/form-data; boundary=XyZ";

    #[tokio::test]
    async fn the_apply_form_reader_keeps_files_and_refuses_what_is_not_multipart() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"first_name\"\r\n\r\nKari\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n\
                    Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--XyZ--\r\n";
        let read = read_apply_form(TYPE, body.into()).await;
        assert_eq!(read, FormReading::Read { files: vec![("cv", "cv.pdf".into())], too_large: vec![] });
        assert_eq!(read_apply_form(TYPE, b"--XyZ\r\ngarbage".to_vec()).await, FormReading::Malformed);
        assert_eq!(read_apply_form("text/plain", b"a=b".to_vec()).await, FormReading::Malformed);
    }

    #[tokio::test]
    async fn a_nul_in_a_file_name_is_malformed() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv\0.pdf\"\r\n\r\n\
                    %PDF-1.4\r\n--XyZ--\r\n";
        assert_eq!(read_apply_form(TYPE, body.into()).await, FormReading::Malformed);
    }
}
