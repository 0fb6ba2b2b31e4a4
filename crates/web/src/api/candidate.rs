//! A candidate as the API writes them (`/candidates/{id}` and every change that answers the candidate): the
//! applications, tags, notes and timeline the employee may see, and the pieces the board shares (where an
//! application came from, its duplicates, its evaluations).

use std::borrow::Cow;

use app::screening::Profile;
use domain::evaluation::Recommendation;
use schemars::JsonSchema;
use serde::Serialize;

use super::types::{AnyJson, Named, RecommendationCode, Timestamp, TriageCode, Uuid};

#[derive(Serialize, JsonSchema)]
pub struct Candidate {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub linkedin: Option<String>,
    pub anonymised: bool,
    pub tags: Vec<Named>,
    pub applications: Vec<Application>,
    pub notes: Vec<Note>,
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Serialize, JsonSchema)]
pub struct Application {
    pub id: Uuid,
    pub posting: PostingRef,
    pub step: Named,
    pub status: ApplicationStatus,
    pub triage: TriageCode,
    pub assigned_to: Option<Uuid>,
    pub rejection_reason: Option<String>,
    pub source: Source,
    pub applied_at: Timestamp,
    pub duplicates: Duplicates,
    /// The application form's answers, as the form asked them
    pub answers: AnyJson,
    /// Education entries, as the form asked them
    pub education: AnyJson,
    pub work_experience: Option<String>,
    pub files: Vec<FileRef>,
    pub evaluations: Vec<Evaluation>,
}

#[derive(Serialize, JsonSchema)]
pub struct PostingRef {
    pub id: Uuid,
    pub title: String,
}

#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Active,
    Rejected,
    Archived,
}

/// A CV or cover letter; `url` downloads it.
#[derive(Serialize, JsonSchema)]
pub struct FileRef {
    pub id: Uuid,
    #[schemars(extend("enum" = ["cv", "cover_letter"]))]
    pub kind: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub url: String,
}

#[derive(Serialize, JsonSchema)]
pub struct Evaluation {
    pub id: Uuid,
    pub author: String,
    pub step: String,
    pub form: String,
    pub recommendation: RecommendationCode,
    pub ratings: AnyJson,
    pub answers: AnyJson,
    pub comment: String,
    pub created_at: Timestamp,
}

#[derive(Serialize, JsonSchema)]
pub struct Note {
    pub id: Uuid,
    pub author: String,
    pub body: String,
    pub created_at: Timestamp,
    pub edited: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct TimelineEntry {
    pub kind: String,
    pub application_id: Option<String>,
    pub actor: Option<String>,
    pub detail: AnyJson,
    pub at: Timestamp,
}

/// Where an application came from: applied or sourced, through which posting (its title, when the employee may
/// see it), and who sourced it.
#[derive(Serialize, JsonSchema)]
pub struct Source {
    #[schemars(extend("enum" = ["applied", "sourced"]))]
    pub kind: String,
    pub posting_title: Option<String>,
    pub sourced_by: Option<SourcedBy>,
}

#[derive(Serialize, JsonSchema)]
pub struct SourcedBy {
    pub id: Uuid,
    pub name: Option<String>,
}

impl Source {
    pub fn of(kind: &str, title: &Option<String>, by: &Option<domain::UserId>, by_name: &Option<String>) -> Source {
        Source {
            kind: kind.to_string(),
            posting_title: title.clone(),
            sourced_by: by.as_ref().map(|id| SourcedBy { id: Uuid(id.to_string()), name: by_name.clone() }),
        }
    }
}

/// The same person's other applications that the caller may see.
#[derive(Serialize, JsonSchema)]
pub struct Duplicates {
    /// «Også søkt via»: the same person's other applications (same email, or same phone) that the caller may
    /// see, oldest first
    pub also: Vec<Sighting>,
    /// «Først søkt via»: the person's earliest application, for callers who see every application, when there is
    /// more than one
    pub first: Option<Sighting>,
}

#[derive(Serialize, JsonSchema)]
pub struct Sighting {
    pub application_id: Uuid,
    pub candidate_id: Uuid,
    pub posting_id: Uuid,
    pub source: Source,
    pub applied_at: Timestamp,
}

impl Duplicates {
    pub fn of(d: &app::duplicates::Duplicates) -> Duplicates {
        let sighting = |s: &app::duplicates::Sighting| Sighting {
            application_id: Uuid(s.application_id.to_string()),
            candidate_id: Uuid(s.candidate_id.to_string()),
            posting_id: Uuid(s.posting_id.to_string()),
            source: Source::of(&s.source_kind, &s.source_title, &s.sourced_by, &s.sourced_by_name),
            applied_at: Timestamp::at(s.applied_at),
        };
        Duplicates { also: d.also.iter().map(sighting).collect(), first: d.first.as_ref().map(sighting) }
    }
}

/// How many evaluations of each recommendation.
#[derive(Serialize, JsonSchema)]
pub struct EvaluationSummary {
    pub definitely_not: usize,
    pub no: usize,
    pub yes: usize,
    pub strong_yes: usize,
}

impl EvaluationSummary {
    pub fn of(s: &domain::evaluation::Summary) -> EvaluationSummary {
        let n = |r: Recommendation| s.0[r as usize];
        EvaluationSummary {
            definitely_not: n(Recommendation::DefinitelyNot),
            no: n(Recommendation::No),
            yes: n(Recommendation::Yes),
            strong_yes: n(Recommendation::StrongYes),
        }
    }
}

fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}")
}

impl Candidate {
    pub fn of(p: Profile) -> Candidate {
        let applications = p.applications.into_iter().map(Application::of).collect();
        let c = p.candidate;
        Candidate {
            id: Uuid(c.id.to_string()),
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            phone: c.phone,
            linkedin: c.linkedin,
            anonymised: c.anonymised_at.is_some(),
            tags: p.tags.into_iter().map(|(id, name)| Named { id: Uuid(id.to_string()), name }).collect(),
            applications,
            notes: p
                .notes
                .iter()
                .map(|n| Note {
                    id: Uuid(n.id.to_string()),
                    author: full_name(&n.author_first_name, &n.author_last_name),
                    body: n.body.clone(),
                    created_at: Timestamp::at(n.created_at),
                    edited: n.updated_at > n.created_at,
                })
                .collect(),
            timeline: p
                .timeline
                .iter()
                .map(|e| TimelineEntry {
                    kind: e.kind.clone(),
                    application_id: e.application_id.as_ref().map(ToString::to_string),
                    actor: e
                        .actor_first_name
                        .as_ref()
                        .map(|f| full_name(f, e.actor_last_name.as_deref().unwrap_or(""))),
                    detail: AnyJson::parse(&e.detail),
                    at: Timestamp::at(e.created_at),
                })
                .collect(),
        }
    }
}

impl Application {
    fn of(v: app::screening::ApplicationView) -> Application {
        let a = v.application;
        let status = match (&a.rejection_reason, a.archived_at) {
            (Some(_), _) => ApplicationStatus::Rejected,
            (None, Some(_)) => ApplicationStatus::Archived,
            _ => ApplicationStatus::Active,
        };
        Application {
            posting: PostingRef { id: Uuid(a.posting_id.to_string()), title: a.posting_title },
            step: Named { id: Uuid(a.step_id.to_string()), name: a.step_name },
            status,
            triage: TriageCode(Cow::Owned(a.triage)),
            assigned_to: a.assigned_to.map(|u| Uuid(u.to_string())),
            rejection_reason: a.rejection_reason,
            source: Source::of(&a.source_kind, &a.source_title, &a.sourced_by, &a.sourced_by_name),
            applied_at: Timestamp::at(a.created_at),
            duplicates: Duplicates::of(&v.duplicates),
            answers: AnyJson::parse(&a.answers),
            education: AnyJson::parse(&a.education),
            work_experience: a.work_experience,
            files: v
                .files
                .iter()
                .map(|f| FileRef {
                    id: Uuid(f.id.to_string()),
                    kind: f.kind.clone(),
                    filename: f.filename.clone(),
                    content_type: f.content_type.clone(),
                    size: f.size,
                    url: format!("/api/v1/files/{}", f.id),
                })
                .collect(),
            evaluations: v
                .evaluations
                .iter()
                .map(|e| Evaluation {
                    id: Uuid(e.id.to_string()),
                    author: full_name(&e.author_first_name, &e.author_last_name),
                    step: e.step_name.clone(),
                    form: e.form.clone(),
                    recommendation: RecommendationCode(Cow::Owned(e.recommendation.clone())),
                    ratings: AnyJson::parse(&e.ratings),
                    answers: AnyJson::parse(&e.answers),
                    comment: e.comment.clone(),
                    created_at: Timestamp::at(e.created_at),
                })
                .collect(),
            id: Uuid(a.id.to_string()),
        }
    }
}
