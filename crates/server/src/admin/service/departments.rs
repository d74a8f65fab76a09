//! The department tree: create, rename, reorder, move (with the whole subtree), disable. Each
//! department keeps its `path` (`/1/4/`), the ids from the root, so a subtree is a prefix.

use chrono::{DateTime, Utc};
use crm_types::admin::{Department, DepartmentPatch, NewDepartment};
use crm_types::{DepartmentId, FieldErrorCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::admin::queries::departments::to_dto;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::entities::departments;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Departments};
use crate::validation::Problems;

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

/// Adds a department at the top level or under `parent_id`; names are unique among siblings (409).
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Departments>,
    body: &NewDepartment,
    now: DateTime<Utc>,
) -> ApiResult<Department> {
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 100);
    let parent = match body.parent_id {
        Some(id) => {
            let parent = departments::Entity::find_by_id(id.0).one(txn).await?;
            if parent.is_none() {
                problems.add("parent_id", FieldErrorCode::NotFound, "no such department");
            }
            parent
        }
        None => None,
    };
    problems.finish()?;
    if sibling_named(txn, parent.as_ref().map(|p| p.id), &name, None).await? {
        return Err(ApiError::AlreadyExists(format!("A department named {name} already exists there.")));
    }
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
    .insert(txn)
    .await?;
    let path = format!("{}{}/", parent.as_ref().map_or("/", |p| p.path.as_str()), row.id);
    let mut active: departments::ActiveModel = row.into();
    active.path = Set(path);
    let row = active.update(txn).await?;
    let dto = to_dto(&row);
    audit::record(
        txn,
        &caller.actor(),
        Change::new("department.create", "department", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    Ok(dto)
}

/// Renames, reorders, moves (never under itself) or disables department `id`. A disabled department
/// keeps its users but takes no new ones.
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Departments>,
    id: DepartmentId,
    body: &DepartmentPatch,
    now: DateTime<Utc>,
) -> ApiResult<Department> {
    let id = id.0;
    let Some(current) = departments::Entity::find_by_id(id).one(txn).await? else {
        return Err(ApiError::NotFound(format!("There is no department {id}.")));
    };
    let before = to_dto(&current);
    let mut problems = Problems::default();
    let name = body.name.as_deref().map(|n| problems.text("name", n, 100)).unwrap_or_else(|| current.name.clone());
    let new_parent = match body.parent_id {
        None | Some(None) => None,
        Some(Some(parent_id)) => {
            let parent = departments::Entity::find_by_id(parent_id.0).one(txn).await?;
            match parent {
                None => {
                    problems.add("parent_id", FieldErrorCode::NotFound, "no such department");
                    None
                }
                Some(parent) if parent.path.starts_with(&current.path) => {
                    problems.add(
                        "parent_id",
                        FieldErrorCode::Cycle,
                        "a department cannot move under itself or its descendants",
                    );
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
    if sibling_named(txn, parent_id, &name, Some(id)).await? {
        return Err(ApiError::AlreadyExists(format!("A department named {name} already exists there.")));
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
    active.updated_at = Set(now);
    if body.parent_id.is_some() {
        let new_path = format!("{}{}/", new_parent.as_ref().map_or("/", |p| p.path.as_str()), id);
        if new_path != current.path {
            // Re-root the subtree: every descendant's path starts with the old path.
            let descendants = departments::Entity::find()
                .filter(departments::Column::Path.starts_with(&current.path))
                .filter(departments::Column::Id.ne(id))
                .all(txn)
                .await?;
            for descendant in descendants {
                let path = format!("{new_path}{}", descendant.path.get(current.path.len()..).unwrap_or_default());
                let mut moved: departments::ActiveModel = descendant.into();
                moved.path = Set(path);
                moved.update(txn).await?;
            }
            active.path = Set(new_path);
        }
    }
    let row = active.update(txn).await?;
    let after = to_dto(&row);
    audit::record(
        txn,
        &caller.actor(),
        Change::new("department.update", "department", id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}
