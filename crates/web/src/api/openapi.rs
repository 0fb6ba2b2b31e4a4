//! The OpenAPI 3.1 description of `/api/v1`, kept next to the routes it describes (a test checks that every
//! route is in it).

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

fn op(summary: &str, params: &[&str], body: Option<&str>, ok: (&str, &str)) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|p| json!({ "name": p, "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }))
        .collect();
    let mut o = json!({
        "summary": summary,
        "parameters": parameters,
        "responses": {
            ok.0: { "description": ok.1, "content": { "application/json": { "schema": { "type": "object" } } } },
            "401": { "$ref": "#/components/responses/Problem" },
            "404": { "$ref": "#/components/responses/Problem" },
        },
    });
    if let Some(schema) = body {
        o["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } },
        });
        o["responses"]["422"] = json!({ "$ref": "#/components/responses/Problem" });
        o["responses"]["403"] = json!({ "$ref": "#/components/responses/Problem" });
    }
    o
}

pub fn spec() -> Value {
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
            "/postings": { "get": op("Postings the employee may see", &[], None, ("200", "The postings")) },
            "/postings/{id}/applications": { "get": op("The board: a posting's steps and its applications", &["id"], None, ("200", "The board")) },
            "/candidates/{id}": { "get": op("A candidate with the applications, notes and timeline the employee may see", &["id"], None, ("200", "The candidate")) },
            "/candidates/{id}/notes": { "post": op("Publish a note on a candidate", &["id"], Some("NewNote"), ("201", "The candidate, with the note")) },
            "/applications/{id}/move": { "post": op("Move an application to another step of its posting", &["id"], Some("MoveTo"), ("200", "The candidate")) },
            "/applications/{id}/evaluations": { "post": op("Evaluate an application in its current step", &["id"], Some("NewEvaluation"), ("201", "The candidate")) },
            "/files/{id}": { "get": op("A CV or cover letter", &["id"], None, ("200", "The file's bytes")) },
            "/applications/{id}/assignment": { "post": op("Assign an application to an active employee, or unassign it (null)", &["id"], Some("Assignment"), ("200", "The candidate")) },
            "/applications/{id}/triage": { "post": op("Set an application's triage state", &["id"], Some("SetTriage"), ("200", "The candidate")) },
            "/candidates/{id}/tags": { "post": op("Tag a candidate (the company's tag of that name, created when new)", &["id"], Some("NewTag"), ("201", "The candidate, with the tag")) },
            "/candidates/{id}/tags/{tag}": { "delete": op("Take a tag off a candidate", &["id", "tag"], None, ("200", "The candidate")) },
            "/tags": { "get": op("The company's tags, with how many candidates carry each", &[], None, ("200", "The tags")) },
        },
        "components": {
            "securitySchemes": { "apiKey": { "type": "http", "scheme": "bearer", "description": "ansett_…" } },
            "responses": {
                "Problem": {
                    "description": "RFC 9457 problem details, in the language of Accept-Language",
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } },
                },
            },
            "schemas": {
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status"],
                    "properties": {
                        "type": { "type": "string" },
                        "title": { "type": "string" },
                        "status": { "type": "integer" },
                        "detail": { "type": "string" },
                        "errors": { "type": "array", "items": { "type": "object", "properties": {
                            "field": { "type": "string" }, "message": { "type": "string" } } } },
                    },
                },
                "NewNote": { "type": "object", "required": ["body"], "properties": { "body": { "type": "string", "maxLength": 5000 } } },
                "Assignment": { "type": "object", "required": ["employee_id"], "properties": { "employee_id": { "type": ["string", "null"], "format": "uuid" } } },
                "SetTriage": { "type": "object", "required": ["triage"], "properties": { "triage": { "enum": ["none", "starred", "follow_up"] } } },
                "NewTag": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string", "maxLength": 40, "pattern": "^[^<>]*$" } } },
                "MoveTo": { "type": "object", "required": ["step_id"], "properties": { "step_id": { "type": "string", "format": "uuid" } } },
                "NewEvaluation": {
                    "type": "object",
                    "required": ["recommendation"],
                    "properties": {
                        "recommendation": { "enum": ["definitely_not", "no", "yes", "strong_yes"] },
                        "comment": { "type": "string", "maxLength": 5000 },
                        "ratings": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 5 } },
                        "answers": { "type": "array", "items": { "type": "string", "maxLength": 2000 } },
                    },
                },
            },
        },
    })
}

pub async fn document() -> Response {
    Json(spec()).into_response()
}
