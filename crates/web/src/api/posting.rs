//! Postings as the API writes them: `/postings` (each with its Arbeidssted, Lønn and candidates per step) and a
//! posting's board (`/postings/{id}/applications`).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::Serialize;

use super::candidate::{Duplicates, EvaluationSummary, Source};
use super::types::{CountryCode, Date, PostingStatusCode, SalaryUnitCode, Timestamp, Uuid};

#[derive(Serialize, JsonSchema)]
pub struct Postings {
    pub postings: Vec<PostingSummary>,
}

/// A posting as `/postings` lists it.
#[derive(Serialize, JsonSchema)]
pub struct PostingSummary {
    pub id: Uuid,
    pub title: String,
    pub status: PostingStatusCode,
    pub deadline: Option<Date>,
    pub created_at: Timestamp,
    pub workplace: Workplace,
    pub salary: Option<Salary>,
    pub candidates_by_step: Vec<StepCount>,
}

#[derive(Serialize, JsonSchema)]
pub struct StepCount {
    pub step: String,
    pub count: i64,
}

/// Where the work is done: locations in Norway, remote work from some countries, or both.
#[derive(Serialize, JsonSchema)]
pub struct Workplace {
    pub locations: Vec<Location>,
    pub remote: bool,
    pub remote_countries: Vec<CountryCode>,
}

#[derive(Serialize, JsonSchema)]
pub struct Location {
    pub street_address: String,
    #[schemars(regex(pattern = "^[0-9]{4}$"))]
    pub postal_code: String,
    pub city: String,
    /// County number (fylkesnummer)
    pub county: Option<String>,
    pub county_name: Option<&'static str>,
    #[schemars(extend("const" = "NO"))]
    pub country: &'static str,
}

impl Workplace {
    pub fn of(w: &domain::workplace::Workplace) -> Workplace {
        let locations = w
            .locations
            .iter()
            .map(|l| Location {
                street_address: l.street.clone(),
                postal_code: l.postal_code.clone(),
                city: l.city.clone(),
                county: (!l.county.is_empty()).then(|| l.county.clone()),
                county_name: l.county_name(),
                country: "NO",
            })
            .collect();
        let remote_countries = w.remote_countries.iter().map(|c| CountryCode(Cow::Owned(c.clone()))).collect();
        Workplace { locations, remote: w.is_remote(), remote_countries }
    }
}

/// A posting's Lønn, in whole kroner.
#[derive(Serialize, JsonSchema)]
pub struct Salary {
    #[schemars(extend("const" = "NOK"))]
    pub currency: &'static str,
    #[schemars(range(min = 0))]
    pub min: Option<i64>,
    #[schemars(range(min = 0))]
    pub max: Option<i64>,
    pub per: SalaryUnitCode,
}

impl Salary {
    pub fn of(s: &domain::workplace::Salary) -> Salary {
        Salary { currency: "NOK", min: s.min, max: s.max, per: SalaryUnitCode(s.unit.code().into()) }
    }
}

/// The board: a posting's steps and its applications, step by step, each step's oldest first.
#[derive(Serialize, JsonSchema)]
pub struct Board {
    pub posting: BoardPosting,
    pub applications: Vec<BoardApplication>,
}

#[derive(Serialize, JsonSchema)]
pub struct BoardPosting {
    pub id: Uuid,
    pub title: String,
    pub status: PostingStatusCode,
    pub steps: Vec<BoardStep>,
    pub workplace: Workplace,
    pub salary: Option<Salary>,
}

#[derive(Serialize, JsonSchema)]
pub struct BoardStep {
    pub id: Uuid,
    pub name: String,
    #[serde(rename = "type")]
    pub step_type: &'static str,
    pub evaluation_form: String,
    pub automation: StepAutomation,
}

/// «Når en kandidat flyttes hit»: ids as stored (a template deleted since still shows its id).
#[derive(Serialize, JsonSchema)]
pub struct StepAutomation {
    pub email_template: Option<String>,
    #[schemars(range(min = 0))]
    pub delay_hours: i64,
    pub assign_to: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct BoardApplication {
    pub id: Uuid,
    pub candidate: BoardCandidate,
    pub step_id: Uuid,
    pub source: Source,
    pub applied_at: Timestamp,
    pub evaluations: EvaluationSummary,
    pub duplicates: Duplicates,
}

/// The candidate of an application on the board; an anonymised candidate has empty names.
#[derive(Serialize, JsonSchema)]
pub struct BoardCandidate {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub anonymised: bool,
}

impl Board {
    pub fn of(board: app::screening::Board) -> Board {
        let details = board.details;
        let steps = details
            .steps
            .iter()
            .map(|s| BoardStep {
                id: Uuid(s.id.to_string()),
                name: s.name.clone(),
                step_type: s.step_type.code(),
                evaluation_form: s.evaluation_form.code(),
                automation: StepAutomation {
                    email_template: s.automation.template.clone(),
                    delay_hours: s.automation.delay_hours,
                    assign_to: s.automation.assign_to.clone(),
                },
            })
            .collect();
        // Step by step, each oldest first (a column on the board is newest first).
        let applications = board
            .columns
            .into_iter()
            .flat_map(|c| c.cards.into_iter().rev())
            .map(|c| {
                let a = c.application;
                BoardApplication {
                    candidate: BoardCandidate {
                        id: Uuid(a.candidate_id.to_string()),
                        anonymised: a.first_name.is_empty() && a.last_name.is_empty(),
                        first_name: a.first_name,
                        last_name: a.last_name,
                    },
                    id: Uuid(a.id.to_string()),
                    step_id: Uuid(a.step_id.to_string()),
                    source: Source::of(&a.source_kind, &a.source_title, &a.sourced_by, &a.sourced_by_name),
                    applied_at: Timestamp::at(a.created_at),
                    evaluations: EvaluationSummary::of(&c.summary),
                    duplicates: Duplicates::of(&c.duplicates),
                }
            })
            .collect();
        let p = details.posting;
        Board {
            posting: BoardPosting {
                id: Uuid(p.id.to_string()),
                title: p.title,
                status: PostingStatusCode(p.status.code().into()),
                steps,
                workplace: Workplace::of(&p.workplace),
                salary: p.salary.as_ref().map(Salary::of),
            },
            applications,
        }
    }
}
