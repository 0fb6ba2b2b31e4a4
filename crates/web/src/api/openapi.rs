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

/// A posting as `/postings` lists it, with its Arbeidssted and Lønn.
fn posting_schemas() -> Value {
    json!({
        "PostingSummary": {
            "type": "object",
            "required": ["id", "title", "status", "workplace", "salary"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "title": { "type": "string" },
                "status": { "enum": ["draft", "published", "unlisted", "closed"] },
                "deadline": { "type": ["string", "null"], "format": "date" },
                "created_at": { "type": "string", "format": "date-time" },
                "workplace": { "$ref": "#/components/schemas/Workplace" },
                "salary": { "oneOf": [{ "$ref": "#/components/schemas/Salary" }, { "type": "null" }] },
                "candidates_by_step": { "type": "array", "items": { "type": "object" } },
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

pub fn spec() -> Value {
    let mut spec = json!({
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
    });
    if let (Some(schemas), Value::Object(more)) = (spec["components"]["schemas"].as_object_mut(), posting_schemas()) {
        schemas.extend(more);
    }
    spec["paths"]["/postings"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = json!({
        "type": "object",
        "properties": { "postings": { "type": "array", "items": { "$ref": "#/components/schemas/PostingSummary" } } },
    });
    spec
}

pub async fn document() -> Response {
    Json(spec()).into_response()
}
