//! Roles and their permission matrix: permissions, data scopes and field rules.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::Utc;
use crm_types::access::Permission;
use crm_types::admin::{Role, RoleInput};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::{Caller, roles as role_rules};
use crate::db;
use crate::entities::{api_keys, roles, users};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(replace).service(remove);
}

fn validate(input: &RoleInput) -> ApiResult<()> {
    let mut problems = Problems::default();
    let code = problems.text("code", &input.code, 50);
    let well_formed = code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !code.is_empty() && !well_formed {
        problems.add("code", "invalid_format", "use lower-case letters, digits and '_', starting with a letter");
    }
    problems.text("name", &input.name, 100);
    if input.description.chars().count() > 500 {
        problems.add("description", "too_long", "must be at most 500 characters");
    }
    for (resource, fields) in &input.field_rules {
        if fields.keys().any(|f| f.trim().is_empty() || f.len() > 100) {
            problems.add(
                &format!("field_rules.{resource:?}"),
                "invalid_field",
                "field names must be 1 to 100 characters",
            );
        }
    }
    problems.finish()
}

async fn find(state: &AppState, id: i64) -> ApiResult<roles::Model> {
    roles::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no role {id}.")))
}

/// List roles.
///
/// Every role with its permissions, data scopes and field rules.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The roles.", body = Vec<Role>), AuthErrors)
)]
#[get("/roles")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<Role>>> {
    // Whoever manages users or API keys needs the roles to assign them.
    if !caller.access.has(Permission::AdminUsers) && !caller.access.has(Permission::AdminApiKeys) {
        caller.require(Permission::AdminRoles)?;
    }
    let rows = roles::Entity::find().order_by_asc(roles::Column::Id).all(&state.db).await?;
    Ok(web::Json(rows.iter().map(role_rules::to_dto).collect()))
}

/// Create a role.
///
/// A new role with its permission matrix. Codes are unique.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = RoleInput,
    responses((status = 201, description = "Created.", body = Role), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/roles")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<RoleInput>) -> ApiResult<HttpResponse> {
    caller.require(Permission::AdminRoles)?;
    validate(&body)?;
    let txn = db::begin_write(&state.db).await?;
    if roles::Entity::find().filter(roles::Column::Code.eq(body.code.trim())).one(&txn).await?.is_some() {
        return Err(ApiError::Conflict(format!("A role with the code {} already exists.", body.code.trim())));
    }
    let now = Utc::now();
    let mut active =
        roles::ActiveModel { is_system: Set(false), created_at: Set(now), updated_at: Set(now), ..Default::default() };
    role_rules::apply(&mut active, &body)?;
    let row = active.insert(&txn).await?;
    let dto = role_rules::to_dto(&row);
    audit::record(&txn, &caller.actor(), Change::new("role.create", "role", row.id).created(audit::snapshot(&dto)?))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Get a role.
///
/// One role with its permission matrix.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The role's id.")),
    responses((status = 200, description = "The role.", body = Role), AuthErrors, NotFound, BadParameters)
)]
#[get("/roles/{id}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<Role>> {
    caller.require(Permission::AdminRoles)?;
    Ok(web::Json(role_rules::to_dto(&find(&state, id.into_inner()).await?)))
}

/// Replace a role.
///
/// Sets the role's name, description and whole permission matrix. Users with the role get the new
/// rights on their next request. The code of a seeded role cannot change, and the administrator role
/// keeps every permission.
#[utoipa::path(
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
    caller.require(Permission::AdminRoles)?;
    validate(&body)?;
    let current = find(&state, id.into_inner()).await?;
    if current.is_system && current.code != body.code.trim() {
        return Err(ApiError::field("code", "immutable", "the code of a seeded role cannot change"));
    }
    // Nobody may lock the installation out of its own administration.
    if current.code == role_rules::ADMIN_ROLE && Permission::ALL.iter().any(|p| !body.permissions.contains(p)) {
        return Err(ApiError::field("permissions", "admin_keeps_all", "the administrator role keeps every permission"));
    }
    let txn = db::begin_write(&state.db).await?;
    let clash = roles::Entity::find()
        .filter(roles::Column::Code.eq(body.code.trim()))
        .filter(roles::Column::Id.ne(current.id))
        .one(&txn)
        .await?;
    if clash.is_some() {
        return Err(ApiError::Conflict(format!("A role with the code {} already exists.", body.code.trim())));
    }
    let mut active: roles::ActiveModel = current.clone().into();
    role_rules::apply(&mut active, &body)?;
    active.updated_at = Set(Utc::now());
    let row = active.update(&txn).await?;
    let (before, after) = (role_rules::to_dto(&current), role_rules::to_dto(&row));
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("role.update", "role", row.id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

/// Delete a role.
///
/// Only a role that is not seeded and that no user or API key has.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The role's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[delete("/roles/{id}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    caller.require(Permission::AdminRoles)?;
    let current = find(&state, id.into_inner()).await?;
    if current.is_system {
        return Err(ApiError::Conflict("Seeded roles cannot be deleted.".into()));
    }
    let txn = db::begin_write(&state.db).await?;
    let holders = users::Entity::find().filter(users::Column::RoleId.eq(current.id)).count(&txn).await?
        + api_keys::Entity::find().filter(api_keys::Column::RoleId.eq(current.id)).count(&txn).await?;
    if holders > 0 {
        return Err(ApiError::Conflict(format!("{holders} users or API keys still have this role.")));
    }
    roles::Entity::delete_by_id(current.id).exec(&txn).await?;
    let mut change = Change::new("role.delete", "role", current.id);
    change.before = Some(audit::snapshot(&role_rules::to_dto(&current))?);
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
