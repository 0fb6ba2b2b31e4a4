//! One batch of demo rows: candidates with their applications, CVs, notes, evaluations, timelines and search
//! terms, made from a seeded generator and ready for `store::bulk`.

use std::collections::{BTreeMap, BTreeSet};

use domain::posting::EvaluationForm;
use domain::rejection::RejectionReason;
use domain::{fold, CompanyId, StepId, UserId};
use rand::rngs::StdRng;
use rand::Rng;
use store::bulk::Val;
use store::search::Origin;

use super::{demo_email, names, pdf, PostingPlan, Staff, DAY_MS};

pub(super) const CANDIDATE_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "email",
    "email_key",
    "first_name",
    "last_name",
    "phone",
    "linkedin",
    "created_at",
    "updated_at",
    "sort_name",
    // `store::list_summary`'s columns, as its refresh would set them: written with the rows (a refresh after
    // the insert rewrote every candidate and search term once more, doubling what PostgreSQL kept).
    "latest_application_id",
    "latest_applied_at",
    "open_applications",
    // Each table's `seq` is last, added when the batch is written (`App::write_batch`, in `load`).
    "seq",
];
pub(super) const APPLICATION_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "candidate_id",
    "posting_id",
    "step_id",
    "source_kind",
    "source_posting_id",
    "sourced_by",
    "source_detail",
    "answers",
    "education",
    "work_experience",
    "consent_at",
    "created_at",
    "updated_at",
    "archived_at",
    "rejected_at",
    "rejection_reason",
    "seq",
];
pub(super) const FILE_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "application_id",
    "kind",
    "filename",
    "content_type",
    "size",
    "storage_key",
    "text_content",
    "created_at",
    "seq",
];
pub(super) const NOTE_COLUMNS: &[&str] =
    &["company_id", "id", "candidate_id", "author_user_id", "body", "created_at", "updated_at", "seq"];
pub(super) const EVALUATION_COLUMNS: &[&str] = &[
    "company_id",
    "id",
    "application_id",
    "step_id",
    "author_user_id",
    "form",
    "recommendation",
    "ratings",
    "answers",
    "comment",
    "created_at",
];
pub(super) const TERM_COLUMNS: &[&str] =
    &["company_seq", "candidate_seq", "term", "origin", "application_seq", "latest_applied_at"];
pub(super) const ACTIVITY_COLUMNS: &[&str] =
    &["company_id", "id", "candidate_id", "application_id", "kind", "actor_user_id", "detail", "created_at"];

/// One batch of rows, ready to insert, and the CV files to write first.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) candidates: Vec<Vec<Val>>,
    pub(super) applications: Vec<Vec<Val>>,
    pub(super) files: Vec<Vec<Val>>,
    pub(super) notes: Vec<Vec<Val>>,
    pub(super) evaluations: Vec<Vec<Val>>,
    pub(super) activities: Vec<Vec<Val>>,
    /// The search index (`store::search`), as the repository functions would have written it, naming rows of
    /// the batch by their place in it until they are numbered.
    terms: Vec<Term>,
    pub(super) cv_bytes: Vec<(String, Vec<u8>)>,
    /// For `store::list_summary`: the batch's applications not archived, per step.
    pub(super) active_by_step: BTreeMap<StepId, i64>,
}

/// A term of the batch's search index: the candidate, origin and application by their place in the batch.
struct Term {
    candidate: usize,
    origin: BatchOrigin,
    application: Option<usize>,
    term: String,
    latest_applied_at: Option<i64>,
}

/// `store::search::Origin`, with a note or file by its place in the batch.
#[derive(Clone, Copy)]
enum BatchOrigin {
    Details,
    Note(usize),
    File(usize),
}

/// The seqs handed out to a batch's rows, by their place in it.
#[derive(Default)]
pub(super) struct Seqs {
    pub(super) candidates: Vec<i64>,
    pub(super) applications: Vec<i64>,
    pub(super) notes: Vec<i64>,
    pub(super) files: Vec<i64>,
}

impl Batch {
    /// Indexes `terms` of the batch's newest candidate.
    fn index(&mut self, origin: BatchOrigin, application: Option<usize>, terms: BTreeSet<String>) {
        let candidate = self.candidates.len().saturating_sub(1);
        for term in terms {
            self.terms.push(Term { candidate, origin, application, term, latest_applied_at: None });
        }
    }

    /// The index's rows, by the seqs the batch's rows were given.
    pub(super) fn term_rows(&self, company_seq: i64, seqs: &Seqs) -> Vec<Vec<Val>> {
        let nth = |numbers: &[i64], i: usize| numbers.get(i).copied().unwrap_or_default();
        self.terms
            .iter()
            .map(|t| {
                let origin = match t.origin {
                    BatchOrigin::Details => Origin::Details,
                    BatchOrigin::Note(i) => Origin::Note(nth(&seqs.notes, i)),
                    BatchOrigin::File(i) => Origin::File(nth(&seqs.files, i)),
                };
                vec![
                    company_seq.into(),
                    nth(&seqs.candidates, t.candidate).into(),
                    Val::Bytes(t.term.clone().into_bytes()),
                    origin.code().into(),
                    t.application.map_or(0, |i| nth(&seqs.applications, i)).into(),
                    t.latest_applied_at.into(),
                ]
            })
            .collect()
    }
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

fn id() -> String {
    UserId::generate().to_string()
}

/// Candidates `first..first + n` (their number makes their email unique), with 1–5 applications each (3 on
/// average), most in early steps; some archived or rejected; a CV on the first application; notes and
/// evaluations on a share of them.
pub(super) fn generate(
    rng: &mut StdRng,
    company: &CompanyId,
    staff: &Staff,
    open: &[&PostingPlan],
    first: u64,
    n: u64,
) -> Batch {
    let mut b = Batch::default();
    let now = store::now_ms();
    let c = company.as_str();
    let evaluators: Vec<&UserId> = std::iter::once(&staff.admin).chain(&staff.recruiters).collect();
    for k in first..first + n {
        let (f, l) = (*pick(rng, names::FIRST), *pick(rng, names::LAST));
        let email = demo_email(&format!("{}.{}.{k}", fold::slugify(f), fold::slugify(l)));
        let phone = format!("+47 9{:07}", rng.gen_range(0..10_000_000));
        let created = now - rng.gen_range(0..730) * DAY_MS - rng.gen_range(0..DAY_MS);
        let candidate = id();
        b.candidates.push(vec![
            c.into(),
            candidate.clone().into(),
            email.clone().into(),
            domain::validate::email_key(&email).into(),
            f.into(),
            l.into(),
            phone.clone().into(),
            Val::NullText,
            created.into(),
            created.into(),
            Val::Bytes(domain::search::sort_name(f, l).into_bytes()),
        ]);
        let first_term = b.terms.len();
        // The candidate's newest application that is not archived, by (time, id), and how many are not.
        let mut newest: Option<(i64, String)> = None;
        let mut open_applications = 0i64;
        let details = domain::search::detail_terms(f, l, &email, Some(&phone));
        b.index(BatchOrigin::Details, None, details);
        let count = [1, 2, 3, 3, 4, 5][rng.gen_range(0..6)].min(open.len());
        let mut chosen: Vec<&PostingPlan> = Vec::new();
        while chosen.len() < count {
            let p = *pick(rng, open);
            if !chosen.iter().any(|q| q.id == p.id) {
                chosen.push(p);
            }
        }
        let mut at = created;
        for (j, p) in chosen.iter().enumerate() {
            let app = id();
            let step_index = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][rng.gen_range(0..10)].min(p.steps.len() - 1);
            let step = &p.steps[step_index];
            let sourced = j > 0 && rng.gen_bool(0.25);
            let (source_posting, sourced_by) = if sourced {
                (chosen[0].id.to_string(), Some(pick(rng, &staff.recruiters).to_string()))
            } else {
                (p.id.to_string(), None)
            };
            let archived = rng.gen_bool(0.15).then_some(at + DAY_MS);
            let reason =
                archived.filter(|_| rng.gen_bool(0.66)).map(|_| pick(rng, &RejectionReason::ALL).code().to_string());
            if archived.is_none() {
                *b.active_by_step.entry(step.id.clone()).or_default() += 1;
                open_applications += 1;
                if newest.as_ref().is_none_or(|n| (at, &app) > (n.0, &n.1)) {
                    newest = Some((at, app.clone()));
                }
            }
            b.applications.push(vec![
                c.into(),
                app.clone().into(),
                candidate.clone().into(),
                p.id.to_string().into(),
                step.id.to_string().into(),
                if sourced { "sourced" } else { "applied" }.into(),
                source_posting.into(),
                sourced_by.clone().into(),
                "{}".into(),
                "[]".into(),
                "[]".into(),
                Val::NullText,
                (!sourced).then_some(at).into(),
                at.into(),
                at.into(),
                archived.into(),
                reason.as_ref().and(archived).into(),
                reason.into(),
            ]);
            let detail = serde_json::json!({ "posting": p.title, "from": (sourced).then(|| chosen[0].title.clone()) });
            b.activities.push(vec![
                c.into(),
                id().into(),
                candidate.clone().into(),
                app.clone().into(),
                if sourced { "sourced" } else { "applied" }.into(),
                sourced_by.into(),
                detail.to_string().into(),
                at.into(),
            ]);
            if j == 0 {
                let skills: Vec<&str> = (0..3).map(|_| *pick(rng, names::SKILLS)).collect();
                let place = *pick(rng, names::PLACES);
                let lines = vec![
                    format!("{f} {l}"),
                    format!("{email} · {phone} · {place}"),
                    format!("Erfaring: {}", skills.join(", ")),
                    format!("Utdanning: {} fra {place}", pick(rng, &["fagbrev", "bachelor", "master", "videregående"])),
                ];
                let bytes = pdf::document(&lines);
                let file = id();
                let key = format!("{c}/demo/{}/{file}", &file[file.len() - 2..]);
                let (file_at, app_at) = (b.files.len(), b.applications.len() - 1);
                b.index(BatchOrigin::File(file_at), Some(app_at), domain::search::terms(&lines.join("\n")));
                b.files.push(vec![
                    c.into(),
                    file.into(),
                    app.clone().into(),
                    "cv".into(),
                    format!("CV {f} {l}.pdf").into(),
                    "application/pdf".into(),
                    (bytes.len() as i64).into(),
                    key.clone().into(),
                    lines.join("\n").into(),
                    at.into(),
                ]);
                b.cv_bytes.push((key, bytes));
            }
            let form = &step.evaluation_form;
            if !matches!(form, EvaluationForm::None) && rng.gen_bool(0.4) {
                let author = *pick(rng, &evaluators);
                if p.team.contains(author) || rng.gen_bool(0.5) {
                    let rec = pick(rng, &domain::evaluation::Recommendation::ALL).code();
                    b.evaluations.push(vec![
                        c.into(),
                        id().into(),
                        app.clone().into(),
                        step.id.to_string().into(),
                        author.to_string().into(),
                        form.code().into(),
                        rec.into(),
                        "[]".into(),
                        "[]".into(),
                        "".into(),
                        (at + DAY_MS).into(),
                    ]);
                }
            }
            at = (at + rng.gen_range(1..30) * DAY_MS).min(now);
        }
        if rng.gen_bool(0.25) {
            let author = *pick(rng, &evaluators);
            let (note, body) = (id(), *pick(rng, names::NOTES));
            b.index(BatchOrigin::Note(b.notes.len()), None, domain::search::terms(body));
            b.notes.push(vec![
                c.into(),
                note.into(),
                candidate.clone().into(),
                author.to_string().into(),
                body.into(),
                at.into(),
                at.into(),
            ]);
            b.activities.push(vec![
                c.into(),
                id().into(),
                candidate.into(),
                Val::NullText,
                "noted".into(),
                author.to_string().into(),
                "{}".into(),
                at.into(),
            ]);
        }
        let (latest_at, latest_id) = newest.unzip();
        for term in &mut b.terms[first_term..] {
            term.latest_applied_at = latest_at;
        }
        if let Some(row) = b.candidates.last_mut() {
            row.extend([latest_id.into(), latest_at.into(), open_applications.into()]);
        }
    }
    b
}
