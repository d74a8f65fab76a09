//! Custom fields on customers: every signed-in user reads the definitions (the SPA builds its forms
//! from them); administrators with `admin.settings` define and change them.

use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::custom_field::{CustomField, CustomFieldPatch, NewCustomField};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::custom_fields::queries::definitions;
use crate::custom_fields::service::definitions as fields;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, Settings};
use crate::state::AppState;

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(admin_list).service(create).service(update);
}

/// List the custom fields.
///
/// Every custom field of customers in display order, disabled ones included (their values still show
/// on customers); forms offer the active ones.
#[utoipa::path(
    operation_id = crm_types::api::ListCustomFields::ID,
    tag = "custom_fields",
    security(("bearer" = [])),
    responses((status = 200, description = "The fields.", body = Vec<CustomField>), AuthErrors)
)]
#[get("/custom-fields")]
pub async fn list(state: web::Data<AppState>, _caller: Caller) -> ApiResult<web::Json<Vec<CustomField>>> {
    Ok(web::Json(definitions(&state.db).await?))
}

/// List the custom fields for administration.
///
/// The same list as `GET /api/v1/custom-fields`, for the settings pages. Needs `admin.settings`.
#[utoipa::path(
    operation_id = crm_types::api::ListAdminCustomFields::ID,
    tag = "custom_fields",
    security(("bearer" = [])),
    responses((status = 200, description = "The fields.", body = Vec<CustomField>), AuthErrors)
)]
#[get("/admin/custom-fields")]
pub async fn admin_list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<CustomField>>> {
    admin::grant::<Settings>(&caller)?;
    Ok(web::Json(definitions(&state.db).await?))
}

/// Define a custom field.
///
/// A new field at the end of the list (or at `sort_order`). The key is unique and, like the type,
/// never changes. Select fields need at least one option; the default value must fit the type and
/// options. Needs `admin.settings`.
#[utoipa::path(
    operation_id = crm_types::api::CreateCustomField::ID,
    tag = "custom_fields",
    security(("bearer" = [])),
    request_body = NewCustomField,
    responses((status = 201, description = "Defined.", body = CustomField), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/admin/custom-fields")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewCustomField>,
) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let field = fields::define(&txn, &caller, &right, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(field))
}

/// Change a custom field.
///
/// Relabels it, makes it required or optional, sets or removes its default, adds, relabels and
/// reorders options, moves, disables or re-enables it. The key and the type never change; an option
/// that a customer uses cannot be removed (409), and fields are never deleted: a disabled field keeps
/// its values on customers but takes no new ones. Needs `admin.settings`.
#[utoipa::path(
    operation_id = crm_types::api::UpdateCustomField::ID,
    tag = "custom_fields",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The field's id.")),
    request_body = CustomFieldPatch,
    responses((status = 200, description = "Changed.", body = CustomField), AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors)
)]
#[patch("/admin/custom-fields/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<CustomFieldPatch>,
) -> ApiResult<web::Json<CustomField>> {
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let field = fields::change(&txn, &caller, &right, id.into_inner(), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(field))
}
