//! Mapping templates under `/api/v1/import-templates`: a named column mapping saved by a user and
//! reused for files of the same layout. Templates are private to their owner.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use crm_types::ImportTemplateId;
use crm_types::import::{ImportTemplate, ImportTemplatePatch, NewImportTemplate};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::imports::{queries, service};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy;
use crate::policy::imports::importer;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update).service(remove);
}

/// List my mapping templates.
///
/// The caller's saved mappings, by name.
#[utoipa::path(
    operation_id = crm_types::api::ListImportTemplates::ID,
    tag = "imports",
    security(("bearer" = [])),
    responses((status = 200, description = "The templates.", body = Vec<ImportTemplate>), AuthErrors)
)]
#[get("/import-templates")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ImportTemplate>>> {
    let user = importer(&caller)?;
    Ok(web::Json(queries::templates::mine(&state.db, user).await?))
}

/// Save a mapping template.
///
/// 409 when the caller already has a template of that name for the target.
#[utoipa::path(
    operation_id = crm_types::api::CreateImportTemplate::ID,
    tag = "imports",
    security(("bearer" = [])),
    request_body = NewImportTemplate,
    responses((status = 201, description = "Saved.", body = ImportTemplate), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/import-templates")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewImportTemplate>,
) -> ApiResult<HttpResponse> {
    let user = importer(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let template = service::templates::create(&txn, &caller, user, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(template))
}

/// Change a mapping template.
///
/// Renames it or replaces its mapping.
#[utoipa::path(
    operation_id = crm_types::api::UpdateImportTemplate::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The template's id.")),
    request_body = ImportTemplatePatch,
    responses((status = 200, description = "Changed.", body = ImportTemplate), AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors)
)]
#[patch("/import-templates/{id:-?\\d+}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ImportTemplatePatch>,
) -> ApiResult<web::Json<ImportTemplate>> {
    let txn = db::begin_write(&state.db).await?;
    let template = policy::imports::template(&txn, &caller, ImportTemplateId(id.into_inner())).await?;
    let template = service::templates::update(&txn, &caller, template, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(template))
}

/// Delete a mapping template.
///
/// Jobs that used it keep their own copy of the mapping.
#[utoipa::path(
    operation_id = crm_types::api::DeleteImportTemplate::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The template's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/import-templates/{id:-?\\d+}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let template = policy::imports::template(&txn, &caller, ImportTemplateId(id.into_inner())).await?;
    service::templates::remove(&txn, &caller, template).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
