//! "Nye opplysninger i søknad {dato}" on the candidate profile: old → new per field, and "Bruk disse
//! opplysningene" (`app::candidate_details`).

use app::candidate_details::NewDetails;
use app::App;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::i18n::T;
use domain::{ApplicationId, CandidateId};

use crate::context::Staff;
use crate::error::WebError;
use crate::pages::screening::parse_id;

/// One changed field as the box shows it.
pub struct ChangeRow {
    pub label: &'static str,
    pub stored: String,
    pub submitted: String,
}

/// The box: its heading (with the application's date), the rows, and the application the button accepts.
pub struct NewDetailsView {
    pub heading: String,
    pub application_id: String,
    pub rows: Vec<ChangeRow>,
}

impl NewDetailsView {
    pub fn new(t: T, d: NewDetails) -> Self {
        let date = crate::layout::date(t, d.submitted_at);
        NewDetailsView {
            heading: t.fmt("candidate.new_details.title", &[("date", &date)]),
            application_id: d.application_id.to_string(),
            rows: d
                .changes
                .into_iter()
                .map(|c| ChangeRow {
                    label: t.get(c.label),
                    stored: c.stored.unwrap_or_else(|| t.get("profile.none").to_string()),
                    submitted: c.submitted,
                })
                .collect(),
        }
    }
}

/// POST "Bruk disse opplysningene".
pub async fn accept(
    State(app): State<App>,
    Staff(_ctx, actor): Staff,
    Path((id, application)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (candidate, application): (CandidateId, ApplicationId) = (parse_id(&id)?, parse_id(&application)?);
    app.accept_details(&actor, &candidate, &application).await?;
    Ok(Redirect::to(&format!("/candidates/{candidate}?details_accepted=1")).into_response())
}
