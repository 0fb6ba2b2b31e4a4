//! Bedriftsinnstillinger → Ansatte: the list, "Inviter ansatt", and one employee's role, status and invitation.

use app::{Actor, App, AppError, InviteInput};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::employee::ListedEmployee;
use domain::i18n::T;
use domain::validate::NAME_MAX;
use domain::{EmployeeStatus, FieldErrors, Role, UserId};
use serde::Deserialize;

use crate::context::{Ctx, Staff};
use crate::error::WebError;
use crate::form::{summary, Field};
use crate::layout::{date, render, Layout};
use crate::pages::screening::parse_id;

pub fn role_label(t: T, role: Role) -> &'static str {
    match role {
        Role::Administrator => t.get("role.administrator"),
        Role::Recruiter => t.get("role.recruiter"),
        Role::User => t.get("role.user"),
    }
}

pub fn status_label(t: T, status: EmployeeStatus) -> &'static str {
    match status {
        EmployeeStatus::Active => t.get("status.active"),
        EmployeeStatus::Invited => t.get("status.invited"),
        EmployeeStatus::Deactivated => t.get("status.deactivated"),
    }
}

fn roles(t: T) -> Vec<(&'static str, &'static str)> {
    Role::ALL.iter().map(|r| (r.code(), role_label(t, *r))).collect()
}

/// One employee as the pages show them.
pub struct Row {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub invited: String,
    pub joined: String,
    pub is_you: bool,
}

fn row(t: T, actor: &Actor, e: &ListedEmployee) -> Row {
    Row {
        id: e.user_id.to_string(),
        name: e.full_name(),
        email: e.email.clone(),
        role: role_label(t, e.role),
        status: status_label(t, e.status),
        status_code: e.status.code(),
        invited: e.invited_at.map(|ms| date(t, ms)).unwrap_or_default(),
        joined: e.joined_at.map(|ms| date(t, ms)).unwrap_or_default(),
        is_you: e.user_id == actor.principal.user_id,
    }
}

#[derive(Template)]
#[template(path = "employees.html")]
struct ListView {
    l: Layout,
    sub: &'static str,
    rows: Vec<Row>,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct Done {
    invited: Option<String>,
    saved: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let rows = app.list_employees(&actor).await?.iter().map(|e| row(t, &actor, e)).collect();
    let notice = q.invited.map(|email| t.fmt("employees.done.invited", &[("email", &email)]));
    let page = ListView { l: ctx.layout("settings.employees", "settings"), sub: "employees", rows, notice };
    Ok(render(&page, StatusCode::OK))
}

#[derive(Template)]
#[template(path = "employee_invite.html")]
struct InviteView {
    l: Layout,
    sub: &'static str,
    fields: Vec<Field>,
    summary: Vec<(String, &'static str, String)>,
    roles: Vec<(&'static str, &'static str)>,
    role: String,
    role_error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

fn invite_view(ctx: &Ctx, form: &InviteForm, errors: &FieldErrors, status: StatusCode) -> Response {
    let t = ctx.t;
    let fields: Vec<Field> = vec![
        Field::new(t, "first_name", "field.first_name", "text", "off").value(&form.first_name).max(NAME_MAX),
        Field::new(t, "last_name", "field.last_name", "text", "off").value(&form.last_name).max(NAME_MAX),
        Field::new(t, "email", "field.email", "email", "off").value(&form.email).max(254),
    ]
    .into_iter()
    .map(|f| f.errors(t, errors))
    .collect();
    let mut summary = summary(&fields);
    let role_error = errors.for_field("role").map(|e| t.field_error(e));
    if let Some(e) = &role_error {
        summary.push(("f-role".into(), t.get("field.role"), e.clone()));
    }
    let role = if form.role.is_empty() { Role::User.code().to_string() } else { form.role.clone() };
    let page = InviteView {
        l: ctx.layout("employees.invite_title", "settings"),
        sub: "employees",
        fields,
        summary,
        roles: roles(t),
        role,
        role_error,
    };
    render(&page, status)
}

pub async fn new(State(app): State<App>, Staff(ctx, actor): Staff) -> Result<Response, WebError> {
    app.require(&actor, domain::Capability::ManageEmployees)?;
    Ok(invite_view(&ctx, &InviteForm::default(), &FieldErrors::new(), StatusCode::OK))
}

pub async fn invite(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Form(form): Form<InviteForm>,
) -> Result<Response, WebError> {
    let input = InviteInput {
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        email: form.email.clone(),
        role: form.role.clone(),
    };
    match app.invite_employee(&actor, &input).await {
        Ok(e) => {
            let email: String = url::form_urlencoded::byte_serialize(e.email.as_bytes()).collect();
            Ok(Redirect::to(&format!("/settings/employees?invited={email}")).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok(invite_view(&ctx, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "employee.html")]
struct EmployeeView {
    l: Layout,
    sub: &'static str,
    e: Row,
    roles: Vec<(&'static str, &'static str)>,
    role: String,
    role_error: Option<String>,
    notice: Option<&'static str>,
    refusal: Option<&'static str>,
}

async fn employee_view(
    app: &App,
    ctx: &Ctx,
    actor: &Actor,
    id: &UserId,
    notice: Option<&'static str>,
    refusal: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let e = app.employee(actor, id).await?;
    let page = EmployeeView {
        l: ctx.layout("settings.employees", "settings"),
        sub: "employees",
        role: e.role.code().to_string(),
        e: row(t, actor, &e),
        roles: roles(t),
        role_error: None,
        notice,
        refusal,
    };
    Ok(render(&page, status))
}

pub async fn show(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let notice = q.saved.map(|_| ctx.t.get("employees.done.saved"));
    employee_view(&app, &ctx, &actor, &parse_id(&id)?, notice, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// What an action on one employee led to: back to their page, with a confirmation or the reason it was refused.
async fn outcome(
    app: &App,
    ctx: &Ctx,
    actor: &Actor,
    id: &UserId,
    result: Result<(), AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/settings/employees/{id}?saved=1")).into_response()),
        Err(AppError::Refused(key)) => {
            employee_view(app, ctx, actor, id, None, Some(ctx.t.get(key)), StatusCode::CONFLICT).await
        }
        Err(AppError::Invalid(_)) => {
            employee_view(
                app,
                ctx,
                actor,
                id,
                None,
                Some(ctx.t.get("error.invalid_choice")),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn change_role(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    let id: UserId = parse_id(&id)?;
    let result = app.change_role(&actor, &id, &form.role).await;
    outcome(&app, &ctx, &actor, &id, result).await
}

pub async fn act(
    State(app): State<App>,
    Staff(ctx, actor): Staff,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id: UserId = parse_id(&id)?;
    let result = match action.as_str() {
        "deactivate" => app.deactivate_employee(&actor, &id).await,
        "reactivate" => app.reactivate_employee(&actor, &id).await,
        "resend" => app.resend_invitation(&actor, &id).await,
        "revoke" => app.revoke_invitation(&actor, &id).await,
        _ => return Err(AppError::NotFound.into()),
    };
    outcome(&app, &ctx, &actor, &id, result).await
}
