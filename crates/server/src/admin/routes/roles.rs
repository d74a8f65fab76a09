//! Roles and their permission matrix: permissions, data scopes and field rules.

use actix_web::{HttpResponse, delete, get, post, put, web};
use crm_types::RoleId;
use crm_types::admin::{Role, RoleInput};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::roles as queries;
use crate::admin::service::roles;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, RoleChoices, Roles};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(replace).service(remove);
}

/// List roles.
///
/// Every role with its permissions, data scopes and field rules.
#[utoipa::path(
    operation_id = crm_types::api::ListRoles::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The roles.", body = Vec<Role>), AuthErrors)
)]
#[get("/roles")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<Role>>> {
    let right = admin::grant::<RoleChoices>(&caller)?;
    Ok(web::Json(queries::list(&state.db, &right).await?))
}

/// Create a role.
///
/// A new role with its permission matrix. Codes are unique.
#[utoipa::path(
    operation_id = crm_types::api::CreateRole::ID,
    tag = "admin",
    security(("bearer" = [])),
    request_body = RoleInput,
    responses((status = 201, description = "Created.", body = Role), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/roles")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<RoleInput>) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Roles>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let role = roles::create(&txn, &caller, &right, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(role))
}

/// Get a role.
///
/// One role with its permission matrix.
#[utoipa::path(
    operation_id = crm_types::api::GetRole::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The role's id.")),
    responses((status = 200, description = "The role.", body = Role), AuthErrors, NotFound, BadParameters)
)]
#[get("/roles/{id}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<Role>> {
    let right = admin::grant::<Roles>(&caller)?;
    Ok(web::Json(queries::get(&state.db, &right, RoleId(id.into_inner())).await?))
}

/// Replace a role.
///
/// Sets the role's name, description and whole permission matrix. Users with the role get the new
/// rights on their next request. The code of a seeded role cannot change, and the administrator role
/// keeps every permission.
#[utoipa::path(
    operation_id = crm_types::api::ReplaceRole::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The role's id.")),
    request_body = RoleInput,
    responses(
        (status = 200, description = "Replaced.", body = Role),
        AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors
    )
)]
#[put("/roles/{id}")]
pub async fn replace(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<RoleInput>,
) -> ApiResult<web::Json<Role>> {
    let right = admin::grant::<Roles>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let role = roles::replace(&txn, &caller, &right, RoleId(id.into_inner()), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(role))
}

/// Delete a role.
///
/// Only a role that is not seeded and that no user or API key has.
#[utoipa::path(
    operation_id = crm_types::api::DeleteRole::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The role's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[delete("/roles/{id}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Roles>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    roles::remove(&txn, &caller, &right, RoleId(id.into_inner())).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
