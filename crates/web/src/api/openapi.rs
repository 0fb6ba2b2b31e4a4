//! The OpenAPI 3.1 description of `/api/v1`, kept next to the routes it describes (a test checks that every
//! route is in it). The operations are written here; every body's schema is generated from the Rust type the
//! handler reads or answers (`schemars`, JSON Schema 2020-12, the dialect of OpenAPI 3.1), so the document
//! describes the real shapes (ADR 0023).

use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::generate::{Contract, SchemaSettings};
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::arbeidsplassen::{NavFieldsBody, PostingArbeidsplassen};
use super::candidate::Candidate;
use super::interviews::{Interview, InterviewSlot, Interviews, NewInterview};
use super::posting::{Board, Postings};
use super::screening::{MoveTo, NewEvaluation, NewNote};
use super::triage::{Assignment, NewTag, SetTriage, Tags};
use super::webhooks::{NewWebhook, NewWebhookCreated, Webhooks};
use super::Problem;

/// The schemas of the document's bodies, under `#/components/schemas`. Answers are described as serde writes
/// them (an `Option` field is always there, maybe `null`), request bodies as serde reads them (an `Option` or
/// defaulted field may be left out): one generator for each direction.
struct Schemas {
    answers: SchemaGenerator,
    requests: SchemaGenerator,
}

/// schemars states a Rust integer's width as a `format` ("int64", "uint16") that OpenAPI does not define for all of
/// them; the range is what a client needs, and it stays.
fn no_integer_format(schema: &mut Schema) {
    let integer = |t: &Value| t == "integer";
    let is_integer = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().any(integer),
        Some(t) => integer(t),
        None => false,
    };
    if is_integer {
        schema.remove("format");
    }
}

impl Schemas {
    fn new() -> Schemas {
        let generator = |contract: Contract| {
            SchemaSettings::draft2020_12()
                .with(|s| {
                    s.definitions_path = "/components/schemas".into();
                    s.meta_schema = None;
                    s.contract = contract;
                    s.transforms.push(Box::new(RecursiveTransform(no_integer_format)));
                })
                .into_generator()
        };
        Schemas { answers: generator(Contract::Serialize), requests: generator(Contract::Deserialize) }
    }

    /// The schema of an answer's body of type `T` (a `$ref` for a struct), registering what it needs.
    fn answer<T: JsonSchema>(&mut self) -> Value {
        self.answers.subschema_for::<T>().to_value()
    }

    /// The schema of a request body of type `T`.
    fn request<T: JsonSchema>(&mut self) -> Value {
        self.requests.subschema_for::<T>().to_value()
    }

    /// Every schema registered, by name. An answer type and a request type of the same name would overwrite one
    /// another: `answers_and_requests_have_names_of_their_own` in the tests keeps them apart.
    fn components(mut self) -> Map<String, Value> {
        let mut all = self.answers.take_definitions(true);
        all.extend(self.requests.take_definitions(true));
        all
    }
}

/// An operation: its summary, path parameters, request body schema, and its success answer (status, description,
/// and the body's schema, none for an answer without a body). Every operation can also answer 401, 404 and 405
/// (and, taking a body, 400 for one that cannot be read and 422 for one that breaks a rule), all in problem+json.
fn op(id: &str, summary: &str, params: &[&str], body: Option<Value>, ok: (&str, &str, Option<Value>)) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }))
        .collect();
    let (status, description, schema) = ok;
    let mut success = json!({ "description": description });
    if let Some(schema) = schema {
        success["content"] = json!({ "application/json": { "schema": schema } });
    }
    let mut o = json!({
        "operationId": id,
        "summary": summary,
        "parameters": parameters,
        "responses": {
            status: success,
            "401": { "$ref": "#/components/responses/Problem" },
            "404": { "$ref": "#/components/responses/Problem" },
            "405": { "$ref": "#/components/responses/Problem" },
        },
    });
    if let Some(schema) = body {
        o["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": schema } } });
        for status in ["400", "403", "409", "422"] {
            o["responses"][status] = json!({ "$ref": "#/components/responses/Problem" });
        }
    }
    o
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

/// The operations, each with its bodies' schemas registered in `s`.
fn paths(s: &mut Schemas) -> Value {
    let files = [
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    ];
    let mut file = op("file", "A CV or cover letter, as uploaded", &["id"], None, ("200", "The file's bytes", None));
    file["responses"]["200"]["content"] =
        files.iter().map(|t| (t.to_string(), json!({ "schema": { "type": "string", "format": "binary" } }))).collect();
    let mut postings = op(
        "postings",
        "Postings the employee may see",
        &[],
        None,
        ("200", "The postings", Some(s.answer::<Postings>())),
    );
    link(
        &mut postings,
        "200",
        &[("board", "board", "/postings/0/id"), ("arbeidsplassen", "posting_arbeidsplassen", "/postings/0/id")],
    );
    let nav_state = s.answer::<PostingArbeidsplassen>();
    let nav_show = op(
        "posting_arbeidsplassen",
        "A posting's NAV fields, what it lacks for NAV, and its last transfer with NAV's receipt and review",
        &["id"],
        None,
        ("200", "The posting's arbeidsplassen state", Some(nav_state.clone())),
    );
    let nav_put = op(
        "save_posting_arbeidsplassen",
        "Replace a posting's NAV fields (those who may edit the posting); a posting on NAV gets an update",
        &["id"],
        Some(s.request::<NavFieldsBody>()),
        ("200", "The posting's arbeidsplassen state", Some(nav_state.clone())),
    );
    let mut nav_publish = op(
        "publish_posting_arbeidsplassen",
        "«Publiser på arbeidsplassen» (or update it there): queues the ad for NAV. 403 with the reason when it may \
         not be sent (not published and listed, something missing, the deadline passed)",
        &["id"],
        None,
        ("202", "Queued: the posting's arbeidsplassen state", Some(nav_state)),
    );
    nav_publish["responses"]["403"] = json!({ "$ref": "#/components/responses/Problem" });
    let mut board = op(
        "board",
        "The board: a posting's steps and its applications",
        &["id"],
        None,
        ("200", "The board", Some(s.answer::<Board>())),
    );
    link(
        &mut board,
        "200",
        &[
            ("candidate", "candidate", "/applications/0/candidate/id"),
            ("move", "move_application", "/applications/0/id"),
            ("evaluate", "evaluate", "/applications/0/id"),
        ],
    );
    let mut scheduled = op(
        "schedule_interview",
        "Schedule an interview: the candidate and each interviewer get a calendar invitation",
        &["id"],
        Some(s.request::<NewInterview>()),
        ("201", "The interview", Some(s.answer::<Interview>())),
    );
    link(&mut scheduled, "201", &[("move", "move_interview", "/id"), ("cancel", "cancel_interview", "/id")]);
    let the_candidate = s.answer::<Candidate>();
    let mut candidate = op(
        "candidate",
        "A candidate with the applications, notes and timeline the employee may see",
        &["id"],
        None,
        ("200", "The candidate", Some(the_candidate.clone())),
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
    // The changes to a candidate's applications, notes and tags: each answers the candidate as they are now.
    let changed = |id: &str, summary: &str, status: &str, said: &str, body: Value| {
        op(id, summary, &["id"], Some(body), (status, said, Some(the_candidate.clone())))
    };
    let add_note = changed(
        "add_note",
        "Publish a note on a candidate",
        "201",
        "The candidate, with the note",
        s.request::<NewNote>(),
    );
    let move_application = changed(
        "move_application",
        "Move an application to another step of its posting",
        "200",
        "The candidate",
        s.request::<MoveTo>(),
    );
    let evaluate = changed(
        "evaluate",
        "Evaluate an application in its current step",
        "201",
        "The candidate",
        s.request::<NewEvaluation>(),
    );
    let assign = changed(
        "assign",
        "Assign an application to an active employee, or unassign it (null)",
        "200",
        "The candidate",
        s.request::<Assignment>(),
    );
    let set_triage =
        changed("set_triage", "Set an application's triage state", "200", "The candidate", s.request::<SetTriage>());
    let add_tag = changed(
        "add_tag",
        "Tag a candidate (the company's tag of that name, created when new)",
        "201",
        "The candidate, with the tag",
        s.request::<NewTag>(),
    );
    let remove_tag = op(
        "remove_tag",
        "Take a tag off a candidate",
        &["id", "tag"],
        None,
        ("200", "The candidate", Some(the_candidate)),
    );
    let no_body = |id: &str, summary: &str, said: &str| op(id, summary, &["id"], None, ("204", said, None));
    let webhooks = op(
        "webhooks",
        "The company's webhook endpoints (Administrators)",
        &[],
        None,
        ("200", "The endpoints", Some(s.answer::<Webhooks>())),
    );
    let add_webhook = op(
        "add_webhook",
        "Add a webhook endpoint (Administrators); the answer holds its secret, shown this once",
        &[],
        Some(s.request::<NewWebhook>()),
        ("201", "The endpoint, with `secret` (whsec_…)", Some(s.answer::<NewWebhookCreated>())),
    );
    let interviews = op(
        "interviews",
        "An application's interviews (upcoming, past and cancelled)",
        &["id"],
        None,
        ("200", "The interviews", Some(s.answer::<Interviews>())),
    );
    let move_interview = op(
        "move_interview",
        "Move an interview (time, length, place, interviewers): everyone gets the calendar update (SEQUENCE + 1), \
         an interviewer taken off the cancellation",
        &["id"],
        Some(s.request::<InterviewSlot>()),
        ("200", "The interview", Some(s.answer::<Interview>())),
    );
    let tags = op(
        "tags",
        "The company's tags, with how many candidates carry each",
        &[],
        None,
        ("200", "The tags", Some(s.answer::<Tags>())),
    );
    let delete_webhook = no_body("delete_webhook", "Delete a webhook endpoint (Administrators)", "Deleted");
    let cancel_interview =
        no_body("cancel_interview", "Cancel an interview: everyone gets the calendar cancellation", "Cancelled");
    json!({
        "/postings": { "get": postings },
        "/postings/{id}/applications": { "get": board },
        "/postings/{id}/arbeidsplassen": { "get": nav_show, "put": nav_put },
        "/postings/{id}/arbeidsplassen/publish": { "post": nav_publish },
        "/candidates/{id}": { "get": candidate },
        "/candidates/{id}/notes": { "post": add_note },
        "/applications/{id}/move": { "post": move_application },
        "/applications/{id}/evaluations": { "post": evaluate },
        "/files/{id}": { "get": file },
        "/webhooks": { "get": webhooks, "post": add_webhook },
        "/webhooks/{id}": { "delete": delete_webhook },
        "/applications/{id}/interviews": { "get": interviews, "post": scheduled },
        "/interviews/{id}/move": { "post": move_interview },
        "/interviews/{id}/cancel": { "post": cancel_interview },
        "/applications/{id}/assignment": { "post": assign },
        "/applications/{id}/triage": { "post": set_triage },
        "/candidates/{id}/tags": { "post": add_tag },
        "/candidates/{id}/tags/{tag}": { "delete": remove_tag },
        "/tags": { "get": tags },
    })
}

pub fn spec() -> Value {
    let mut s = Schemas::new();
    let paths = paths(&mut s);
    let problem = s.answer::<Problem>();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "ansett API",
            "version": "1",
            "description": "Acts as the employee who made the API key (Min profil → API-nøkler): the same role, hiring \
                teams and visibility as in the UI.",
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "apiKey": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "apiKey": { "type": "http", "scheme": "bearer", "description": "ansett_…" } },
            "responses": {
                "Problem": {
                    "description": "RFC 9457 problem details, in the language of Accept-Language",
                    "content": { "application/problem+json": { "schema": problem } },
                },
            },
            "schemas": s.components(),
        },
    })
}

pub async fn document() -> Response {
    Json(spec()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` of `v`, wherever it is.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|v| refs(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_of_the_document_is_in_it() {
        let doc = spec();
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 30, "{all:?}");
        for r in all {
            let pointer = r.strip_prefix('#').expect("a local reference");
            assert!(doc.pointer(pointer).is_some(), "{r} is not in the document");
        }
    }

    #[test]
    fn answers_and_requests_have_names_of_their_own() {
        let mut s = Schemas::new();
        paths(&mut s);
        s.answer::<Problem>();
        let answers = s.answers.definitions();
        let requests = s.requests.definitions();
        assert!(answers.contains_key("Candidate") && requests.contains_key("NewNote"));
        for name in requests.keys() {
            assert!(!answers.contains_key(name), "{name} is both an answer and a request body");
        }
    }

    #[test]
    fn integers_have_no_rust_width_format() {
        let doc = spec().to_string();
        for f in ["int64", "uint", "int32", "uint16", "uint8"] {
            assert!(!doc.contains(&format!("\"format\":\"{f}\"")), "{f}");
        }
    }
}
