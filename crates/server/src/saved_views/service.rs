//! Saving, changing and deleting views. A view's filters are checked as the list would read them, its
//! name is unique among the owner's views of that list, and a shared view goes to the owner's
//! department.

use std::collections::HashSet;

use actix_web::web;
use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::customer::CustomerQuery;
use crm_types::saved_view::{NewSavedView, SavedView, SavedViewPatch, ViewResource, ViewVisibility};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::queries::list::Sort;
use crate::entities::{saved_views, users};
use crate::error::{ApiError, ApiResult};
use crate::policy::Editable;
use crate::policy::saved_views::{OwnView, Viewer};
use crate::saved_views::queries::to_dto;
use crate::validation::Problems;

/// Checks a filter string as the list would read it; `cursor` and `limit` belong to a page, not a view.
fn check_filters(problems: &mut Problems, resource: ViewResource, filters: &str) -> String {
    let filters = filters.trim().trim_start_matches('?').to_owned();
    if filters.chars().count() > 2000 {
        problems.add("filters", FieldErrorCode::TooLong, "must be at most 2000 characters");
        return filters;
    }
    match resource {
        ViewResource::Customers => match web::Query::<CustomerQuery>::from_query(&filters) {
            Err(error) => {
                problems.add("filters", FieldErrorCode::Invalid, &format!("is not a customer list query: {error}"))
            }
            Ok(query) if query.cursor.is_some() || query.limit.is_some() => {
                problems.add("filters", FieldErrorCode::NotAllowed, "must not contain cursor or limit");
            }
            Ok(query) if query.sort.is_some() && Sort::parse(query.sort.as_deref()).is_err() => {
                problems.add("filters", FieldErrorCode::Invalid, "names a sort column the list does not have");
            }
            Ok(_) => {}
        },
    }
    filters
}

fn check_columns(problems: &mut Problems, columns: &[String]) {
    let valid = |c: &String| (1..=40).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let distinct: HashSet<&String> = columns.iter().collect();
    if columns.len() > 30 {
        problems.add("columns", FieldErrorCode::TooMany, "must list at most 30 columns");
    } else if !columns.iter().all(valid) {
        problems.add("columns", FieldErrorCode::Invalid, "column names are 1–40 lowercase letters or underscores");
    } else if distinct.len() != columns.len() {
        problems.add("columns", FieldErrorCode::Duplicate, "lists a column twice");
    }
}

fn check_sort(problems: &mut Problems, sort: Option<&str>) {
    if sort.is_some() && Sort::parse(sort).is_err() {
        problems.add("sort", FieldErrorCode::Invalid, "is not a column the list sorts by");
    }
}

/// The department a view shared by `user` goes to (422 for a user without one).
fn share_department(problems: &mut Problems, user: &users::Model, visibility: ViewVisibility) -> Option<i64> {
    match visibility {
        ViewVisibility::Private => None,
        ViewVisibility::Department => {
            if user.department_id.is_none() {
                problems.add(
                    "visibility",
                    FieldErrorCode::NoDepartment,
                    "you belong to no department to share it with",
                );
            }
            user.department_id
        }
    }
}

async fn name_taken(
    db: &impl ConnectionTrait,
    owner_id: i64,
    resource: &str,
    name: &str,
    except: Option<i64>,
) -> ApiResult<bool> {
    let mut query = saved_views::Entity::find()
        .filter(saved_views::Column::OwnerId.eq(owner_id))
        .filter(saved_views::Column::Resource.eq(resource))
        .filter(saved_views::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(saved_views::Column::Id.ne(id));
    }
    Ok(query.one(db).await?.is_some())
}

fn columns_json(columns: &[String]) -> ApiResult<String> {
    serde_json::to_string(columns).map_err(|e| ApiError::Internal(e.into()))
}

/// Saves a view of `body.resource` owned by `owner` (409 when they have one of that name).
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    owner: Viewer<'_>,
    body: &NewSavedView,
    now: DateTime<Utc>,
) -> ApiResult<SavedView> {
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 50);
    let filters = check_filters(&mut problems, body.resource, &body.filters);
    check_columns(&mut problems, &body.columns);
    check_sort(&mut problems, body.sort.as_deref());
    let department_id = share_department(&mut problems, &owner, body.visibility);
    problems.finish()?;
    let columns = columns_json(&body.columns)?;
    if name_taken(txn, owner.id, body.resource.as_str(), &name, None).await? {
        return Err(ApiError::AlreadyExists(format!("You already have a view named {name}.")));
    }
    let row = saved_views::ActiveModel {
        resource: Set(body.resource.as_str().to_owned()),
        name: Set(name),
        filters: Set(filters),
        columns: Set(columns),
        sort: Set(body.sort.clone()),
        visibility: Set(body.visibility.as_str().to_owned()),
        owner_id: Set(owner.id),
        department_id: Set(department_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let dto = to_dto(&row, &owner.display_name, owner.id)?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("saved_view.create", "saved_view", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    Ok(dto)
}

/// Renames the view, replaces its filters, columns or sort, or shares it with the owner's current
/// department (or makes it private again).
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    view: Editable<OwnView>,
    body: &SavedViewPatch,
    now: DateTime<Utc>,
) -> ApiResult<SavedView> {
    let OwnView { view: current, owner: user } = view.into_inner();
    let before = to_dto(&current, &user.display_name, user.id)?;
    let mut problems = Problems::default();
    let name = body.name.as_deref().map_or_else(|| current.name.clone(), |n| problems.text("name", n, 50));
    let filters = body.filters.as_deref().map(|f| check_filters(&mut problems, before.resource, f));
    if let Some(columns) = &body.columns {
        check_columns(&mut problems, columns);
    }
    if let Some(sort) = &body.sort {
        check_sort(&mut problems, sort.as_deref());
    }
    let department_id = body.visibility.map(|v| share_department(&mut problems, &user, v));
    problems.finish()?;
    if name_taken(txn, user.id, &current.resource, &name, Some(current.id)).await? {
        return Err(ApiError::AlreadyExists(format!("You already have a view named {name}.")));
    }
    let mut active: saved_views::ActiveModel = current.clone().into();
    active.name = Set(name);
    if let Some(filters) = filters {
        active.filters = Set(filters);
    }
    if let Some(columns) = &body.columns {
        active.columns = Set(columns_json(columns)?);
    }
    if let Some(sort) = &body.sort {
        active.sort = Set(sort.clone());
    }
    if let (Some(visibility), Some(department_id)) = (body.visibility, department_id) {
        active.visibility = Set(visibility.as_str().to_owned());
        active.department_id = Set(department_id);
    }
    active.updated_at = Set(now);
    let row = active.update(txn).await?;
    let after = to_dto(&row, &user.display_name, user.id)?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("saved_view.update", "saved_view", row.id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}

/// Deletes the view; colleagues who saw it shared no longer do.
pub async fn delete(txn: &impl ConnectionTrait, caller: &Caller, view: Editable<OwnView>) -> ApiResult<()> {
    let OwnView { view: current, owner: user } = view.into_inner();
    let before = to_dto(&current, &user.display_name, user.id)?;
    saved_views::Entity::delete_by_id(current.id).exec(txn).await?;
    let mut change = Change::new("saved_view.delete", "saved_view", current.id);
    change.before = Some(audit::snapshot(&before)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(())
}
