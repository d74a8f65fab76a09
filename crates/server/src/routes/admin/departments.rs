//! The department tree: list, create, rename, move, disable.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use crm_types::DepartmentId;
use crm_types::access::Permission;
use crm_types::admin::{Department, DepartmentPatch, NewDepartment};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db;
use crate::entities::departments;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::reference::Reference;
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update);
}

fn to_dto(row: &departments::Model) -> Department {
    Department {
        id: DepartmentId(row.id),
        name: row.name.clone(),
        parent_id: row.parent_id.map(DepartmentId),
        sort_order: row.sort_order,
        is_active: row.is_active,
    }
}

fn allowed(caller: &Caller) -> ApiResult<()> {
    // Whoever manages users needs the tree to place them.
    if caller.access.has(Permission::AdminUsers) { Ok(()) } else { caller.require(Permission::AdminDepartments) }
}

/// List departments.
///
/// Every department, parents before children and siblings in their order, to be shown as a tree.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The departments.", body = Vec<Department>), AuthErrors)
)]
#[get("/departments")]
pub async fn list(caller: Caller) -> ApiResult<web::Json<Vec<Department>>> {
    allowed(&caller)?;
    Ok(web::Json(tree(&caller.reference)))
}

/// Every department, parents before children (by path) and siblings in their order, from the
/// caller's reference data.
pub(crate) fn tree(reference: &Reference) -> Vec<Department> {
    let mut rows: Vec<&departments::Model> = reference.departments().collect();
    rows.sort_by(|a, b| (a.path.as_str(), a.sort_order).cmp(&(b.path.as_str(), b.sort_order)));
    rows.into_iter().map(to_dto).collect()
}

async fn sibling_named(
    db: &impl ConnectionTrait,
    parent: Option<i64>,
    name: &str,
    except: Option<i64>,
) -> ApiResult<bool> {
    let mut query = departments::Entity::find().filter(departments::Column::Name.eq(name));
    query = match parent {
        Some(parent) => query.filter(departments::Column::ParentId.eq(parent)),
        None => query.filter(departments::Column::ParentId.is_null()),
    };
    if let Some(id) = except {
        query = query.filter(departments::Column::Id.ne(id));
    }
    Ok(query.one(db).await?.is_some())
}

/// Create a department.
///
/// Adds a department at the top level or under `parent_id`. Names are unique among siblings.
#[utoipa::path(
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
    caller.require(Permission::AdminDepartments)?;
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 100);
    let parent = match body.parent_id {
        Some(id) => {
            let parent = departments::Entity::find_by_id(id.0).one(&state.db).await?;
            if parent.is_none() {
                problems.add("parent_id", "not_found", "no such department");
            }
            parent
        }
        None => None,
    };
    problems.finish()?;
    let txn = db::begin_write(&state.db).await?;
    if sibling_named(&txn, parent.as_ref().map(|p| p.id), &name, None).await? {
        return Err(ApiError::Conflict(format!("A department named {name} already exists there.")));
    }
    let now = Utc::now();
    let row = departments::ActiveModel {
        name: Set(name),
        parent_id: Set(parent.as_ref().map(|p| p.id)),
        path: Set(String::new()),
        sort_order: Set(body.sort_order),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let path = format!("{}{}/", parent.as_ref().map_or("/", |p| p.path.as_str()), row.id);
    let mut active: departments::ActiveModel = row.into();
    active.path = Set(path);
    let row = active.update(&txn).await?;
    let dto = to_dto(&row);
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("department.create", "department", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Change a department.
///
/// Renames, reorders, moves (with its whole subtree; never under itself) or disables a department.
/// A disabled department keeps its users but takes no new ones.
#[utoipa::path(
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
    caller.require(Permission::AdminDepartments)?;
    let id = id.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let Some(current) = departments::Entity::find_by_id(id).one(&txn).await? else {
        return Err(ApiError::NotFound(format!("There is no department {id}.")));
    };
    let before = to_dto(&current);
    let mut problems = Problems::default();
    let name = body.name.as_deref().map(|n| problems.text("name", n, 100)).unwrap_or_else(|| current.name.clone());
    let new_parent = match body.parent_id {
        None | Some(None) => None,
        Some(Some(parent_id)) => {
            let parent = departments::Entity::find_by_id(parent_id.0).one(&txn).await?;
            match parent {
                None => {
                    problems.add("parent_id", "not_found", "no such department");
                    None
                }
                Some(parent) if parent.path.starts_with(&current.path) => {
                    problems.add("parent_id", "cycle", "a department cannot move under itself or its descendants");
                    None
                }
                Some(parent) => Some(parent),
            }
        }
    };
    problems.finish()?;
    let parent_id = match body.parent_id {
        None => current.parent_id,
        Some(_) => new_parent.as_ref().map(|p| p.id),
    };
    if sibling_named(&txn, parent_id, &name, Some(id)).await? {
        return Err(ApiError::Conflict(format!("A department named {name} already exists there.")));
    }
    let mut active: departments::ActiveModel = current.clone().into();
    active.name = Set(name);
    active.parent_id = Set(parent_id);
    if let Some(order) = body.sort_order {
        active.sort_order = Set(order);
    }
    if let Some(is_active) = body.is_active {
        active.is_active = Set(is_active);
    }
    active.updated_at = Set(Utc::now());
    if body.parent_id.is_some() {
        let new_path = format!("{}{}/", new_parent.as_ref().map_or("/", |p| p.path.as_str()), id);
        if new_path != current.path {
            // Re-root the subtree: every descendant's path starts with the old path.
            let descendants = departments::Entity::find()
                .filter(departments::Column::Path.starts_with(&current.path))
                .filter(departments::Column::Id.ne(id))
                .all(&txn)
                .await?;
            for descendant in descendants {
                let path = format!("{new_path}{}", descendant.path.get(current.path.len()..).unwrap_or_default());
                let mut moved: departments::ActiveModel = descendant.into();
                moved.path = Set(path);
                moved.update(&txn).await?;
            }
            active.path = Set(new_path);
        }
    }
    let row = active.update(&txn).await?;
    let after = to_dto(&row);
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("department.update", "department", id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}
