//! The department tree: list, create, rename, move, disable.

use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::DepartmentId;
use crm_types::admin::{Department, DepartmentPatch, NewDepartment};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::departments::tree;
use crate::admin::service::departments;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, DepartmentTree, Departments};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update);
}

/// List departments.
///
/// Every department, parents before children and siblings in their order, to be shown as a tree.
#[utoipa::path(
    operation_id = crm_types::api::ListAdminDepartments::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The departments.", body = Vec<Department>), AuthErrors)
)]
#[get("/departments")]
pub async fn list(caller: Caller) -> ApiResult<web::Json<Vec<Department>>> {
    admin::grant::<DepartmentTree>(&caller)?;
    Ok(web::Json(tree(&caller.reference)))
}

/// Create a department.
///
/// Adds a department at the top level or under `parent_id`. Names are unique among siblings.
#[utoipa::path(
    operation_id = crm_types::api::CreateDepartment::ID,
    tag = "admin",
    security(("bearer" = [])),
    request_body = NewDepartment,
    responses((status = 201, description = "Created.", body = Department), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/departments")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewDepartment>,
) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Departments>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let department = departments::create(&txn, &caller, &right, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(department))
}

/// Change a department.
///
/// Renames, reorders, moves (with its whole subtree; never under itself) or disables a department.
/// A disabled department keeps its users but takes no new ones.
#[utoipa::path(
    operation_id = crm_types::api::UpdateDepartment::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The department's id.")),
    request_body = DepartmentPatch,
    responses(
        (status = 200, description = "Changed.", body = Department),
        AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors
    )
)]
#[patch("/departments/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<DepartmentPatch>,
) -> ApiResult<web::Json<Department>> {
    let right = admin::grant::<Departments>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let department =
        departments::update(&txn, &caller, &right, DepartmentId(id.into_inner()), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(department))
}
