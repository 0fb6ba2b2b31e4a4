//! The OpenAPI 3.1 description of `/api/v1`, kept next to the routes it describes (a test checks that every
//! route is in it).

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An operation: its summary, path parameters, request body schema, and its success answer (status, description,
/// response schema under `#/components/schemas`). Every operation can also answer 401, 404 and 405 (and, taking a
/// body, 400 for one that cannot be read and 422 for one that breaks a rule), all in problem+json.
fn op(id: &str, summary: &str, params: &[&str], body: Option<&str>, ok: (&str, &str, &str)) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }))
        .collect();
    let mut o = json!({
        "operationId": id,
        "summary": summary,
        "parameters": parameters,
        "responses": {
            ok.0: { "description": ok.1, "content": { "application/json": { "schema": schema(ok.2) } } },
            "401": { "$ref": "#/components/responses/Problem" },
            "404": { "$ref": "#/components/responses/Problem" },
            "405": { "$ref": "#/components/responses/Problem" },
        },
    });
    if let Some(name) = body {
        o["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": schema(name) } },
        });
        for status in ["400", "403", "409", "422"] {
            o["responses"][status] = json!({ "$ref": "#/components/responses/Problem" });
        }
    }
    o
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Where a response leads: `links` naming the operation and where its `id` is found in this response.
fn link(o: &mut Value, status: &str, links: &[(&str, &str, &str)]) {
    let links: serde_json::Map<String, Value> = links
        .iter()
        .map(|(name, operation, at)| {
            (
                name.to_string(),
                json!({ "operationId": operation, "parameters": { "id": format!("$response.body#{at}") } }),
            )
        })
        .collect();
    o["responses"][status]["links"] = Value::Object(links);
}

/// A text that holds more than white space and the stray control characters `domain::validate::clean` strips
/// (U+FEFF is white space to a JSON Schema regex, not to the server).
const REQUIRED_TEXT: &str = "[^\\s\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]|\\uFEFF";

/// A single-line name (`domain::validate::clean_name`): as `REQUIRED_TEXT`, and the invisible characters that
/// can make a name look like another (bidi controls, zero-width characters) do not count either.
const REQUIRED_NAME: &str =
    "[^\\s\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u200B-\\u200D\\u202A-\\u202E\\u2060\\u2066-\\u2069\\uFEFF]";

/// `{"type": [t, "null"]}`: a value that may be absent.
fn nullable(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

/// The shapes of the bodies: what the handlers in `screening.rs` write, property by property.
fn schemas() -> Value {
    let events: Vec<&str> = domain::webhook::EventType::ALL.iter().map(|e| e.code()).collect();
    let triage: Vec<&str> = domain::triage::Triage::ALL.iter().map(|t| t.code()).collect();
    let uuid = json!({ "type": "string", "format": "uuid" });
    let time = json!({ "type": "string", "format": "date-time" });
    let string = json!({ "type": "string" });
    // An interview's when, where and who: scheduling adds the template, moving sends just these.
    let slot = json!({
        "date": { "type": "string", "format": "date" },
        "time": { "type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$", "description": "HH:MM, Europe/Oslo" },
        "minutes": { "type": "integer", "minimum": 1, "maximum": app::interviews::MINUTES_MAX },
        "place": { "type": "string", "maxLength": app::interviews::PLACE_MAX, "pattern": REQUIRED_TEXT, "description": "A place, or a video link (https://…)" },
        "interviewer_ids": { "type": "array", "minItems": 1, "items": uuid, "description": "Active members of the posting's hiring team" },
    });
    let object = |required: &[&str], properties: Value| json!({ "type": "object", "required": required, "properties": properties });
    json!({
        "Problem": object(&["type", "title", "status"], json!({
            "type": string,
            "title": string,
            "status": { "type": "integer" },
            "detail": string,
            "errors": { "type": "array", "items": object(&["field", "message"], json!({ "field": string, "message": string })) },
        })),
        // Required text: something besides white space and the control characters input cleaning strips.
        "NewNote": object(&["body"], json!({ "body": { "type": "string", "maxLength": 5000, "pattern": REQUIRED_TEXT } })),
        "MoveTo": object(&["step_id"], json!({ "step_id": uuid })),
        "Assignment": object(&["employee_id"], json!({ "employee_id": { "type": ["string", "null"], "format": "uuid" } })),
        "SetTriage": object(&["triage"], json!({ "triage": { "enum": triage } })),
        "NewTag": object(&["name"], json!({ "name": {
            "type": "string", "maxLength": 40, "allOf": [{ "pattern": "^[^<>]*$" }, { "pattern": REQUIRED_NAME }],
        } })),
        "Tags": object(&["tags"], json!({ "tags": { "type": "array", "items": object(&["id", "name", "candidates"], json!({
            "id": uuid, "name": string, "candidates": { "type": "integer" },
        })) } })),
        "NewInterview": object(&["date", "time", "minutes", "place", "interviewer_ids", "template_id"], {
            let mut fields = slot.clone();
            fields["template_id"] = json!({ "type": "string", "format": "uuid", "description": "One of the company's email templates, sent to the candidate" });
            fields
        }),
        "MovedInterview": object(&["date", "time", "minutes", "place", "interviewer_ids"], slot),
        "Interview": object(&["id", "application_id", "starts_at", "ends_at", "place", "sequence", "cancelled", "interviewers", "busy"], json!({
            "id": uuid,
            "application_id": uuid,
            "starts_at": time,
            "ends_at": time,
            "place": string,
            "sequence": { "type": "integer" },
            "cancelled": { "type": "boolean" },
            "interviewers": { "type": "array", "items": object(&["id", "name"], json!({ "id": uuid, "name": string })) },
            "busy": { "type": "array", "items": string, "description": "Interviewers with another interview at the same time" },
        })),
        "Interviews": object(&["interviews"], json!({ "interviews": { "type": "array", "items": schema("Interview") } })),
        "NewWebhook": object(&["url", "events"], json!({
            "url": { "type": "string", "format": "uri", "maxLength": 2000, "description": "https:// (loopback http:// only where the server allows it)" },
            "events": { "type": "array", "minItems": 1, "items": { "enum": events } },
        })),
        "Webhook": object(&["id", "url", "events", "created_at", "failing_since", "disabled_at"], json!({
            "id": uuid,
            "url": string,
            "events": { "type": "array", "items": { "enum": events } },
            "created_at": time,
            "failing_since": { "type": ["string", "null"], "format": "date-time" },
            "disabled_at": { "type": ["string", "null"], "format": "date-time" },
        })),
        "Webhooks": object(&["webhooks"], json!({ "webhooks": { "type": "array", "items": schema("Webhook") } })),
        "NewWebhookCreated": { "allOf": [schema("Webhook"), object(&["secret"], json!({ "secret": { "type": "string", "pattern": "^whsec_" } }))] },
        "NewEvaluation": object(&["recommendation"], json!({
            "recommendation": { "enum": ["definitely_not", "no", "yes", "strong_yes"] },
            "comment": { "type": "string", "maxLength": 5000 },
            "ratings": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 5 } },
            "answers": { "type": "array", "items": { "type": "string", "maxLength": 2000 } },
        })),
        "EvaluationSummary": object(&["definitely_not", "no", "yes", "strong_yes"], json!({
            "definitely_not": { "type": "integer" }, "no": { "type": "integer" },
            "yes": { "type": "integer" }, "strong_yes": { "type": "integer" },
        })),
        "Source": object(&["kind", "posting_title", "sourced_by"], json!({
            "kind": { "enum": ["applied", "sourced"] },
            "posting_title": nullable("string"),
            "sourced_by": { "oneOf": [{ "type": "null" }, object(&["id", "name"], json!({ "id": uuid, "name": nullable("string") }))] },
        })),
        "StepAutomation": object(&["email_template", "delay_hours", "assign_to"], json!({
            "email_template": nullable("string"),
            "delay_hours": { "type": "integer", "minimum": 0 },
            "assign_to": nullable("string"),
        })),
        "Sighting": object(&["application_id", "candidate_id", "posting_id", "source", "applied_at"], json!({
            "application_id": uuid, "candidate_id": uuid, "posting_id": uuid, "source": schema("Source"), "applied_at": time,
        })),
        "Duplicates": object(&["also", "first"], json!({
            "also": { "type": "array", "items": schema("Sighting"), "description": "«Også søkt via»: the same person's other applications (same email, or same phone) that the caller may see, oldest first" },
            "first": { "oneOf": [schema("Sighting"), { "type": "null" }], "description": "«Først søkt via»: the person's earliest application, for callers who see every application, when there is more than one" },
        })),
        "Postings": object(&["postings"], json!({ "postings": { "type": "array", "items": schema("PostingSummary") } })),
        "Board": object(&["posting", "applications"], json!({
            "posting": object(&["id", "title", "status", "steps"], json!({
                "id": uuid,
                "title": string,
                "status": { "enum": ["draft", "published", "unlisted", "closed"] },
                "workplace": schema("Workplace"),
                "salary": { "oneOf": [schema("Salary"), { "type": "null" }] },
                "steps": { "type": "array", "items": object(&["id", "name", "type", "evaluation_form", "automation"], json!({
                    "id": uuid, "name": string, "type": string, "evaluation_form": string,
                    "automation": schema("StepAutomation"),
                })) },
            })),
            "applications": { "type": "array", "items": object(&["id", "candidate", "step_id", "source", "applied_at", "evaluations", "duplicates"], json!({
                "id": uuid,
                "candidate": object(&["id", "first_name", "last_name", "anonymised"], json!({
                    "id": uuid, "first_name": string, "last_name": string, "anonymised": { "type": "boolean" },
                })),
                "step_id": uuid,
                "source": schema("Source"),
                "applied_at": time,
                "evaluations": schema("EvaluationSummary"),
                "duplicates": schema("Duplicates"),
            })) },
        })),
        "Candidate": object(&["id", "first_name", "last_name", "email", "phone", "linkedin", "anonymised", "applications", "tags", "notes", "timeline"], json!({
            "id": uuid,
            "first_name": string,
            "last_name": string,
            "email": string,
            "phone": nullable("string"),
            "linkedin": nullable("string"),
            "anonymised": { "type": "boolean" },
            "applications": { "type": "array", "items": schema("Application") },
            "tags": { "type": "array", "items": object(&["id", "name"], json!({ "id": uuid, "name": string })) },
            "notes": { "type": "array", "items": schema("Note") },
            "timeline": { "type": "array", "items": schema("TimelineEntry") },
        })),
        "Application": object(&["id", "posting", "step", "status", "rejection_reason", "source", "applied_at", "answers", "education", "work_experience", "files", "evaluations", "triage", "assigned_to", "duplicates"], json!({
            "id": uuid,
            "triage": { "enum": triage },
            "assigned_to": { "type": ["string", "null"], "format": "uuid" },
            "posting": object(&["id", "title"], json!({ "id": uuid, "title": string })),
            "step": object(&["id", "name"], json!({ "id": uuid, "name": string })),
            "status": { "enum": ["active", "rejected", "archived"] },
            "rejection_reason": nullable("string"),
            "source": schema("Source"),
            "applied_at": time,
            "duplicates": schema("Duplicates"),
            "answers": { "description": "The application form's answers, as the form asked them" },
            "education": { "description": "Education entries, as the form asked them" },
            "work_experience": nullable("string"),
            "files": { "type": "array", "items": schema("FileRef") },
            "evaluations": { "type": "array", "items": schema("Evaluation") },
        })),
        "FileRef": object(&["id", "kind", "filename", "content_type", "size", "url"], json!({
            "id": uuid, "kind": { "enum": ["cv", "cover_letter"] }, "filename": string, "content_type": string,
            "size": { "type": "integer" }, "url": string,
        })),
        "Evaluation": object(&["id", "author", "step", "form", "recommendation", "ratings", "answers", "comment", "created_at"], json!({
            "id": uuid, "author": string, "step": string, "form": string,
            "recommendation": { "enum": ["definitely_not", "no", "yes", "strong_yes"] },
            "ratings": {}, "answers": {}, "comment": string, "created_at": time,
        })),
        "Note": object(&["id", "author", "body", "created_at", "edited"], json!({
            "id": uuid, "author": string, "body": string, "created_at": time, "edited": { "type": "boolean" },
        })),
        "TimelineEntry": object(&["kind", "application_id", "actor", "detail", "at"], json!({
            "kind": string, "application_id": nullable("string"), "actor": nullable("string"), "detail": {}, "at": time,
        })),
    })
}

/// A posting as `/postings` lists it, with its Arbeidssted and Lønn.
fn posting_schemas() -> Value {
    json!({
        "PostingSummary": {
            "type": "object",
            "required": ["id", "title", "status", "deadline", "created_at", "workplace", "salary", "candidates_by_step"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "title": { "type": "string" },
                "status": { "enum": ["draft", "published", "unlisted", "closed"] },
                "deadline": { "type": ["string", "null"], "format": "date" },
                "created_at": { "type": "string", "format": "date-time" },
                "workplace": { "$ref": "#/components/schemas/Workplace" },
                "salary": { "oneOf": [{ "$ref": "#/components/schemas/Salary" }, { "type": "null" }] },
                "candidates_by_step": { "type": "array", "items": {
                    "type": "object", "required": ["step", "count"],
                    "properties": { "step": { "type": "string" }, "count": { "type": "integer" } },
                } },
            },
        },
        "Workplace": {
            "type": "object",
            "description": "Where the work is done: locations in Norway, remote work from some countries, or both.",
            "required": ["locations", "remote", "remote_countries"],
            "properties": {
                "locations": { "type": "array", "items": { "$ref": "#/components/schemas/Location" } },
                "remote": { "type": "boolean" },
                "remote_countries": { "type": "array", "items": { "enum": ["NO", "SE", "DK", "FI", "IS"] } },
            },
        },
        "Location": {
            "type": "object",
            "required": ["postal_code", "city", "country"],
            "properties": {
                "street_address": { "type": "string" },
                "postal_code": { "type": "string", "pattern": "^[0-9]{4}$" },
                "city": { "type": "string" },
                "county": { "type": ["string", "null"], "description": "County number (fylkesnummer)" },
                "county_name": { "type": ["string", "null"] },
                "country": { "const": "NO" },
            },
        },
        "Salary": {
            "type": "object",
            "required": ["currency", "per"],
            "properties": {
                "currency": { "const": "NOK" },
                "min": { "type": ["integer", "null"], "minimum": 0 },
                "max": { "type": ["integer", "null"], "minimum": 0 },
                "per": { "enum": ["year", "month", "hour"] },
            },
        },
    })
}

/// A posting's arbeidsplassen (NAV) resource (`arbeidsplassen.rs`) and the body that replaces its NAV fields.
fn nav_schemas() -> Value {
    use domain::nav::{Extent, Missing, Sector};
    let object = |required: &[&str], properties: Value| json!({ "type": "object", "required": required, "properties": properties });
    let choice = |codes: Vec<&str>| json!({ "enum": codes.into_iter().map(Value::from).chain([Value::Null]).collect::<Vec<_>>() });
    let sectors: Vec<&str> = Sector::ALL.iter().map(|s| s.code()).collect();
    let extents: Vec<&str> = Extent::ALL.iter().map(|s| s.code()).collect();
    let missing = [
        Missing::Orgnr,
        Missing::Sector,
        Missing::Extent,
        Missing::Positions,
        Missing::Styrk,
        Missing::Location,
        Missing::Text,
        Missing::Credentials,
    ]
    .map(Missing::code);
    let states: Vec<&str> = domain::nav_review::State::ALL.iter().map(|s| s.code()).collect();
    let fields = json!({
        "orgnr": { "type": ["string", "null"], "maxLength": 20, "description": "Organisasjonsnummer: nine digits, modulus-11 check digit" },
        "sector": choice(sectors),
        "extent": choice(extents),
        "positions": { "type": ["integer", "null"], "minimum": 1, "maximum": domain::nav::POSITIONS_MAX },
        "styrk": { "type": ["string", "null"], "maxLength": 10, "description": "STYRK08 occupation code: four digits" },
    });
    let word = nullable("string");
    let mut resource = fields.clone();
    let more = json!({
        "id": { "type": "string", "format": "uuid" },
        "missing": { "type": "array", "items": { "enum": missing }, "description": "What the posting (or the company) still lacks for NAV" },
        "listed": { "type": "boolean", "description": "Published and listed: the only postings NAV may get" },
        "on_nav": { "type": "boolean" },
        "deadline_passed": { "type": "boolean", "description": "The application deadline has passed: NAV may not get the ad" },
        "last_transfer": { "oneOf": [{ "type": "null" }, schema("NavTransfer")] },
    });
    if let (Some(r), Value::Object(more)) = (resource.as_object_mut(), more) {
        r.extend(more);
    }
    json!({
        "NavFields": { "type": "object", "properties": fields, "description": "Every NAV field; one left out or null is cleared" },
        "PostingArbeidsplassen": object(&["id", "orgnr", "sector", "extent", "positions", "styrk", "missing", "listed", "on_nav", "deadline_passed", "last_transfer"], resource),
        "NavTransfer": object(&["action", "status", "state", "updated_at", "attempts", "http_status", "message", "receipt", "review"], json!({
            "action": { "enum": ["upsert", "stop"] },
            "status": { "enum": ["pending", "sent", "rejected", "failed", "skipped"] },
            "state": { "enum": states, "description": "What it means, as the posting page says it in words" },
            "updated_at": { "type": "string", "format": "date-time" },
            "attempts": { "type": "integer" },
            "http_status": nullable("integer"),
            "message": { "type": ["string", "null"], "description": "NAV's message: a validation error, or why its caseworkers rejected the ad" },
            "receipt": { "oneOf": [{ "type": "null" }, object(&["status", "version_id"], json!({ "status": word, "version_id": nullable("integer") }))] },
            "review": { "oneOf": [{ "type": "null" }, object(&["status", "publish_status"], json!({ "status": word, "publish_status": word }))] },
        })),
    })
}

/// `schemas()`, the postings' own and arbeidsplassen's.
fn all_schemas() -> Value {
    let mut all = schemas();
    for more in [posting_schemas(), nav_schemas()] {
        if let (Some(all), Value::Object(more)) = (all.as_object_mut(), more) {
            all.extend(more);
        }
    }
    all
}

pub fn spec() -> Value {
    let files = [
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    ];
    let mut file =
        op("file", "A CV or cover letter, as uploaded", &["id"], None, ("200", "The file's bytes", "Problem"));
    file["responses"]["200"]["content"] =
        files.iter().map(|t| (t.to_string(), json!({ "schema": { "type": "string", "format": "binary" } }))).collect();
    let mut postings = op("postings", "Postings the employee may see", &[], None, ("200", "The postings", "Postings"));
    link(
        &mut postings,
        "200",
        &[("board", "board", "/postings/0/id"), ("arbeidsplassen", "posting_arbeidsplassen", "/postings/0/id")],
    );
    let nav_put = op(
        "save_posting_arbeidsplassen",
        "Replace a posting's NAV fields (those who may edit the posting); a posting on NAV gets an update",
        &["id"],
        Some("NavFields"),
        ("200", "The posting's arbeidsplassen state", "PostingArbeidsplassen"),
    );
    let mut nav_publish = op(
        "publish_posting_arbeidsplassen",
        "«Publiser på arbeidsplassen» (or update it there): queues the ad for NAV. 403 with the reason when it may not be sent (not published and listed, something missing, the deadline passed)",
        &["id"],
        None,
        ("202", "Queued: the posting's arbeidsplassen state", "PostingArbeidsplassen"),
    );
    nav_publish["responses"]["403"] = json!({ "$ref": "#/components/responses/Problem" });
    let mut board =
        op("board", "The board: a posting's steps and its applications", &["id"], None, ("200", "The board", "Board"));
    link(
        &mut board,
        "200",
        &[
            ("candidate", "candidate", "/applications/0/candidate/id"),
            ("move", "move_application", "/applications/0/id"),
            ("evaluate", "evaluate", "/applications/0/id"),
        ],
    );
    let mut deleted = op(
        "delete_webhook",
        "Delete a webhook endpoint (Administrators)",
        &["id"],
        None,
        ("204", "Deleted", "Problem"),
    );
    deleted["responses"]["204"] = json!({ "description": "Deleted" });
    let mut cancelled = op(
        "cancel_interview",
        "Cancel an interview: everyone gets the calendar cancellation",
        &["id"],
        None,
        ("204", "Cancelled", "Problem"),
    );
    cancelled["responses"]["204"] = json!({ "description": "Cancelled" });
    let mut scheduled = op(
        "schedule_interview",
        "Schedule an interview: the candidate and each interviewer get a calendar invitation",
        &["id"],
        Some("NewInterview"),
        ("201", "The interview", "Interview"),
    );
    link(&mut scheduled, "201", &[("move", "move_interview", "/id"), ("cancel", "cancel_interview", "/id")]);
    let mut candidate = op(
        "candidate",
        "A candidate with the applications, notes and timeline the employee may see",
        &["id"],
        None,
        ("200", "The candidate", "Candidate"),
    );
    link(
        &mut candidate,
        "200",
        &[
            ("file", "file", "/applications/0/files/0/id"),
            ("note", "add_note", "/id"),
            ("move", "move_application", "/applications/0/id"),
        ],
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "ansett API",
            "version": "1",
            "description": "Acts as the employee who made the API key (Min profil → API-nøkler): the same role, hiring teams and visibility as in the UI.",
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "apiKey": [] }],
        "paths": {
            "/postings": { "get": postings },
            "/postings/{id}/applications": { "get": board },
            "/postings/{id}/arbeidsplassen": {
                "get": op("posting_arbeidsplassen", "A posting's NAV fields, what it lacks for NAV, and its last transfer with NAV's receipt and review", &["id"], None, ("200", "The posting's arbeidsplassen state", "PostingArbeidsplassen")),
                "put": nav_put,
            },
            "/postings/{id}/arbeidsplassen/publish": { "post": nav_publish },
            "/candidates/{id}": { "get": candidate },
            "/candidates/{id}/notes": { "post": op("add_note", "Publish a note on a candidate", &["id"], Some("NewNote"), ("201", "The candidate, with the note", "Candidate")) },
            "/applications/{id}/move": { "post": op("move_application", "Move an application to another step of its posting", &["id"], Some("MoveTo"), ("200", "The candidate", "Candidate")) },
            "/applications/{id}/evaluations": { "post": op("evaluate", "Evaluate an application in its current step", &["id"], Some("NewEvaluation"), ("201", "The candidate", "Candidate")) },
            "/files/{id}": { "get": file },
            "/webhooks": {
                "get": op("webhooks", "The company's webhook endpoints (Administrators)", &[], None, ("200", "The endpoints", "Webhooks")),
                "post": op("add_webhook", "Add a webhook endpoint (Administrators); the answer holds its secret, shown this once", &[], Some("NewWebhook"), ("201", "The endpoint, with `secret` (whsec_…)", "NewWebhookCreated")),
            },
            "/webhooks/{id}": { "delete": deleted },
            "/applications/{id}/interviews": {
                "get": op("interviews", "An application's interviews (upcoming, past and cancelled)", &["id"], None, ("200", "The interviews", "Interviews")),
                "post": scheduled,
            },
            "/interviews/{id}/move": { "post": op("move_interview", "Move an interview (time, length, place, interviewers): everyone gets the calendar update (SEQUENCE + 1), an interviewer taken off the cancellation", &["id"], Some("MovedInterview"), ("200", "The interview", "Interview")) },
            "/interviews/{id}/cancel": { "post": cancelled },
            "/applications/{id}/assignment": { "post": op("assign", "Assign an application to an active employee, or unassign it (null)", &["id"], Some("Assignment"), ("200", "The candidate", "Candidate")) },
            "/applications/{id}/triage": { "post": op("set_triage", "Set an application's triage state", &["id"], Some("SetTriage"), ("200", "The candidate", "Candidate")) },
            "/candidates/{id}/tags": { "post": op("add_tag", "Tag a candidate (the company's tag of that name, created when new)", &["id"], Some("NewTag"), ("201", "The candidate, with the tag", "Candidate")) },
            "/candidates/{id}/tags/{tag}": { "delete": op("remove_tag", "Take a tag off a candidate", &["id", "tag"], None, ("200", "The candidate", "Candidate")) },
            "/tags": { "get": op("tags", "The company's tags, with how many candidates carry each", &[], None, ("200", "The tags", "Tags")) },
        },
        "components": {
            "securitySchemes": { "apiKey": { "type": "http", "scheme": "bearer", "description": "ansett_…" } },
            "responses": {
                "Problem": {
                    "description": "RFC 9457 problem details, in the language of Accept-Language",
                    "content": { "application/problem+json": { "schema": schema("Problem") } },
                },
            },
            "schemas": all_schemas(),
        },
    })
}

pub async fn document() -> Response {
    Json(spec()).into_response()
}
