//! The staff directory every signed-in user may read: colleagues and the department tree.

use actix_web::{get, web};
use crm_types::admin::{Colleague, Department};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::departments::tree;
use crate::auth::Caller;
use crate::directory::queries;
use crate::error::ApiResult;
use crate::openapi::AuthErrors;
use crate::state::AppState;

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(directory).service(departments);
}

/// List colleagues.
///
/// Every active user with their name and department, ordered by name: the choices for an owner, a
/// collaborator, a handover target or an assignee; `holds_customers` marks those whose role may own
/// customers (owners and handover targets are chosen among them). Contact details and roles stay in the
/// administration.
#[utoipa::path(
    operation_id = crm_types::api::ListColleagues::ID,
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, description = "The active users.", body = Vec<Colleague>), AuthErrors)
)]
#[get("/users")]
pub async fn directory(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<Colleague>>> {
    Ok(web::Json(queries::colleagues(&state.db, &caller.reference).await?))
}

/// List departments.
///
/// The organisation tree, parents before children and siblings in their order: what a list is
/// filtered by and a colleague is placed in.
#[utoipa::path(
    operation_id = crm_types::api::ListDepartments::ID,
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, description = "The departments.", body = Vec<Department>), AuthErrors)
)]
#[get("/departments")]
pub async fn departments(caller: Caller) -> ApiResult<web::Json<Vec<Department>>> {
    Ok(web::Json(tree(&caller.reference)))
}
