//! The staff directory every signed-in user may read: colleagues and the department tree.

use actix_web::{get, web};
use crm_types::admin::{Colleague, Department};
use crm_types::{DepartmentId, UserId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::entities::users;
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
/// collaborator, a handover target or an assignee. Contact details and roles stay in the
/// administration.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, description = "The active users.", body = Vec<Colleague>), AuthErrors)
)]
#[get("/users")]
pub async fn directory(state: web::Data<AppState>, _caller: Caller) -> ApiResult<web::Json<Vec<Colleague>>> {
    let rows = users::Entity::find()
        .filter(users::Column::IsActive.eq(true))
        .order_by_asc(users::Column::DisplayName)
        .order_by_asc(users::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|u| Colleague {
                id: UserId(u.id),
                display_name: u.display_name,
                department_id: u.department_id.map(DepartmentId),
            })
            .collect(),
    ))
}

/// List departments.
///
/// The organisation tree, parents before children and siblings in their order: what a list is
/// filtered by and a colleague is placed in.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, description = "The departments.", body = Vec<Department>), AuthErrors)
)]
#[get("/departments")]
pub async fn departments(caller: Caller) -> ApiResult<web::Json<Vec<Department>>> {
    Ok(web::Json(super::admin::departments::tree(&caller.reference)))
}
