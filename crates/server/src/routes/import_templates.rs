//! Mapping templates under `/api/v1/import-templates`: a named column mapping saved by a user and
//! reused for files of the same layout. Templates are private to their owner.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::Utc;
use crm_types::UserId;
use crm_types::import::{ImportTarget, ImportTemplate, ImportTemplatePatch, Mapping, NewImportTemplate};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::entities::import_templates;
use crate::error::{ApiError, ApiResult};
use crate::imports::custom_fields::{CustomTargets, unknown_field};
use crate::imports::job::importer;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update).service(remove);
}

fn to_dto(row: &import_templates::Model) -> ImportTemplate {
    ImportTemplate {
        id: row.id,
        name: row.name.clone(),
        target: ImportTarget::Customer,
        mapping: serde_json::from_str(&row.mapping).unwrap_or_default(),
        owner_id: UserId(row.owner_id),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// Checks a template's mapping against the target and its active custom fields alone (no file to
/// compare columns with).
fn check(problems: &mut Problems, custom: &CustomTargets, mapping: &Mapping) {
    let target = crate::imports::customer::spec();
    if mapping.columns.is_empty() {
        problems.add("mapping.columns", "required", "a template maps at least one column");
    }
    if mapping.columns.len() > 200 {
        problems.add("mapping.columns", "too_many", "at most 200 columns");
    }
    for (i, column) in mapping.columns.iter().enumerate() {
        if target.field(&column.field).is_none() && custom.get(&column.field).is_none() {
            problems.add(&format!("mapping.columns[{i}].field"), "unknown", &unknown_field(&column.field));
        }
        if column.column.trim().is_empty() || column.column.chars().count() > 200 {
            problems.add(&format!("mapping.columns[{i}].column"), "invalid", "must be 1 to 200 characters");
        }
    }
}

async fn find_own(state: &AppState, user_id: i64, id: i64) -> ApiResult<import_templates::Model> {
    import_templates::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|t| t.owner_id == user_id)
        .ok_or_else(|| ApiError::NotFound(format!("There is no import template {id}.")))
}

/// List my mapping templates.
///
/// The caller's saved mappings, by name.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    responses((status = 200, description = "The templates.", body = Vec<ImportTemplate>), AuthErrors)
)]
#[get("/import-templates")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ImportTemplate>>> {
    let user_id = importer(&caller)?;
    let rows = import_templates::Entity::find()
        .filter(import_templates::Column::OwnerId.eq(user_id))
        .order_by_asc(import_templates::Column::Name)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.iter().map(to_dto).collect()))
}

/// Save a mapping template.
///
/// 409 when the caller already has a template of that name for the target.
#[utoipa::path(
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
    let user_id = importer(&caller)?;
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 100);
    check(&mut problems, &CustomTargets::load(&state.db).await?, &body.mapping);
    problems.finish()?;
    let now = Utc::now();
    let row = import_templates::ActiveModel {
        name: Set(name),
        target: Set(body.target.as_str().into()),
        mapping: Set(serde_json::to_string(&body.mapping).map_err(|e| ApiError::Internal(e.into()))?),
        owner_id: Set(user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(HttpResponse::Created().json(to_dto(&row)))
}

/// Change a mapping template.
///
/// Renames it or replaces its mapping.
#[utoipa::path(
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
    let user_id = importer(&caller)?;
    let row = find_own(&state, user_id, id.into_inner()).await?;
    let mut problems = Problems::default();
    if body.name.is_none() && body.mapping.is_none() {
        problems.add("name", "nothing_to_change", "send a new name, a new mapping, or both");
    }
    let name = body.name.as_deref().map(|n| problems.text("name", n, 100));
    if let Some(mapping) = &body.mapping {
        check(&mut problems, &CustomTargets::load(&state.db).await?, mapping);
    }
    problems.finish()?;
    let mut active: import_templates::ActiveModel = row.into();
    if let Some(name) = name {
        active.name = Set(name);
    }
    if let Some(mapping) = &body.mapping {
        active.mapping = Set(serde_json::to_string(mapping).map_err(|e| ApiError::Internal(e.into()))?);
    }
    active.updated_at = Set(Utc::now());
    Ok(web::Json(to_dto(&active.update(&state.db).await?)))
}

/// Delete a mapping template.
///
/// Jobs that used it keep their own copy of the mapping.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The template's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/import-templates/{id:-?\\d+}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let user_id = importer(&caller)?;
    let row = find_own(&state, user_id, id.into_inner()).await?;
    import_templates::Entity::delete_by_id(row.id).exec(&state.db).await?;
    Ok(HttpResponse::NoContent().finish())
}
