//! The OpenAPI 3.1 document: the top-level description here, every operation from its handler's
//! `#[utoipa::path]`, collected by utoipa-actix-web as the routes are registered.

use std::collections::BTreeMap;

use actix_web::App;
use crm_types::{ErrorCode, FieldError, FieldErrorCode, Problem};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder, Schema};
use utoipa::{IntoResponses, Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes;

/// The document's fixed parts.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM API",
        description = "REST API of the CRM: customers, follow-ups, demands, leads, opportunities, tickets and reports.\n\n\
            Errors are RFC 9457 `application/problem+json` bodies whose `code` member is stable; their \
            `detail` and field `message`s are in Chinese unless `Accept-Language` prefers English \
            (`Content-Language` says which). \
            Authenticate with `Authorization: Bearer <access token>` from `POST /api/v1/auth/login`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    components(schemas(Problem, ErrorCode, FieldError, FieldErrorCode)),
    modifiers(&BearerAuth),
    tags(
        (name = "system", description = "Health, readiness and version"),
        (name = "auth", description = "Sign-in, sessions and passwords"),
        (name = "admin", description = "Users, departments, roles, modules, API keys and the audit log"),
        (name = "users", description = "The staff directory"),
        (name = "dictionaries", description = "Value lists of dictionary fields: industries, grades, sources, stages…"),
        (name = "custom_fields", description = "Custom fields of customers: definitions read by everyone, edited by administrators"),
        (name = "customers", description = "Customers (客户档案): records, contacts, collaborators, timeline, duplicates, handovers"),
        (name = "followups", description = "Follow-ups (跟进记录): what was done with a customer, what comes next, and the manager's review"),
        (name = "demands", description = "Demands (需求): priorities with response deadlines over the working-day calendar, status flow, task plans"),
        (name = "tasks", description = "Tasks (任务): steps of demands and to-dos of follow-ups, with delays and their reasons"),
        (name = "attachments", description = "Attachments (附件) of customers, follow-ups and demands, typed by their content"),
        (name = "notifications", description = "The bell (提醒): reminders and notices, unread counts, and how each user is reached"),
        (name = "imports", description = "Import (导入): upload, preview, mapping, dry run with the cleaning report, background commit, error report, mapping templates"),
        (name = "exports", description = "Export (导出): filtered customer lists to CSV or XLSX, in the background, audited"),
        (name = "views", description = "Saved views of lists: named filters, columns and sort, private or shared with the department"),
    )
)]
pub struct ApiDoc;

/// The name of the bearer security scheme, for `security(("bearer" = []))`.
pub const BEARER: &str = "bearer";

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The whole document, exactly as the running server registers it.
/// Writes the two code tables into the descriptions of `ErrorCode` and `FieldErrorCode`, a row per code,
/// so the document lists every code a client may meet, with its status and meaning.
struct CodeTables;

impl Modify for CodeTables {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let errors: Vec<String> =
            ErrorCode::ALL.iter().map(|c| format!("| `{}` | {} | {} |", c.as_str(), c.status(), c.meaning())).collect();
        let fields: Vec<String> =
            FieldErrorCode::ALL.iter().map(|c| format!("| `{}` | {} |", c.as_str(), c.meaning())).collect();
        let tables = [
            (
                "ErrorCode",
                format!(
                    "What went wrong, as a stable code; the problem's `type` is `urn:crm:problem:{{code}}`.\n\n\
                     | code | HTTP status | meaning |\n|---|---|---|\n{}",
                    errors.join("\n")
                ),
            ),
            (
                "FieldErrorCode",
                format!("Which rule a field broke.\n\n| code | meaning |\n|---|---|\n{}", fields.join("\n")),
            ),
        ];
        let Some(components) = openapi.components.as_mut() else { return };
        for (name, table) in tables {
            if let Some(RefOr::T(Schema::Object(schema))) = components.schemas.get_mut(name) {
                schema.description = Some(table);
            }
        }
    }
}

pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut spec) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    // After the routes: the schemas they bring replace those of the same name.
    CodeTables.modify(&mut spec);
    spec
}

/// The document as pretty JSON with a trailing newline, as checked in at `openapi/openapi.json`.
pub fn spec_json() -> anyhow::Result<String> {
    Ok(format!("{}\n", spec().to_pretty_json()?))
}

fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            crm_types::problem::PROBLEM_CONTENT_TYPE,
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
        )
        .build()
        .into()
}

fn responses(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter().map(|(status, description)| (status.to_string(), problem(description))).collect()
}

/// The errors of any endpoint that reads a JSON body.
pub struct JsonBodyErrors;

impl IntoResponses for JsonBodyErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[
            (400, "The body is not well-formed JSON."),
            (413, "The body is larger than the server accepts."),
            (415, "The body is not sent as application/json."),
            (422, "Fields are missing or break a rule; `errors` names each."),
        ])
    }
}

/// The errors of any endpoint that needs a signed-in user.
pub struct AuthErrors;

impl IntoResponses for AuthErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[
            (401, "No access token, or an invalid or expired one."),
            (403, "The caller may not do this, or must change the password first."),
        ])
    }
}

/// The errors of an endpoint that needs a signed-in user but accepts one who must change the password.
pub struct SessionErrors;

impl IntoResponses for SessionErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(401, "No access token, or an invalid or expired one.")])
    }
}

/// A single problem response, for `responses(...)` lists.
pub struct Unavailable;

impl IntoResponses for Unavailable {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(503, "The database is not reachable.")])
    }
}

/// 401 for endpoints that take credentials in the body.
pub struct CredentialErrors;

impl IntoResponses for CredentialErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(401, "The credentials or the refresh token are wrong, expired or revoked.")])
    }
}

/// 429 for throttled endpoints.
pub struct Throttled;

impl IntoResponses for Throttled {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(429, "Too many attempts; retry after the `Retry-After` header's seconds.")])
    }
}

/// 403 alone, for endpoints open to any authenticated caller that refuse some of them.
pub struct Forbidden;

impl IntoResponses for Forbidden {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(403, "The caller may not do this.")])
    }
}

/// 404 for endpoints addressing one record.
pub struct NotFound;

impl IntoResponses for NotFound {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(404, "No such record, or it lies outside the caller's data scope.")])
    }
}

/// 409 for endpoints whose writes can collide with stored data.
pub struct Conflict;

impl IntoResponses for Conflict {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(409, "The change conflicts with stored data (a duplicate, a value in use).")])
    }
}

/// 400 for endpoints with path or query parameters.
pub struct BadParameters;

impl IntoResponses for BadParameters {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(400, "A path or query parameter is malformed.")])
    }
}

/// 412 and 428 for updates under optimistic locking.
pub struct Preconditions;

impl IntoResponses for Preconditions {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[
            (412, "The `If-Match` version is stale: someone changed the record since it was read."),
            (428, "The update needs the version read, in `If-Match`."),
        ])
    }
}

/// 422 for lists whose query can be well-formed yet unusable (a cursor from elsewhere).
pub struct InvalidQuery;

impl IntoResponses for InvalidQuery {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        responses(&[(422, "A query parameter is well-formed but unusable, such as a cursor from another list.")])
    }
}
