//! Saved views under `/api/v1/saved-views`: a user's named filters, columns and sort of a list, kept
//! private or shared with the owner's department. Only the owner changes or deletes a view.

use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::Utc;
use crm_types::access::Permission;
use crm_types::customer::CustomerQuery;
use crm_types::saved_view::{NewSavedView, SavedView, SavedViewPatch, SavedViewQuery, ViewResource, ViewVisibility};
use crm_types::{DepartmentId, UserId};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::list::Sort;
use crate::db;
use crate::entities::{saved_views, users};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_saved_views).service(create_saved_view).service(update_saved_view).service(delete_saved_view);
}

/// The signed-in user behind the caller (403 for API keys, which own no views).
fn user_of(caller: &Caller) -> ApiResult<&users::Model> {
    caller.user().ok_or_else(|| ApiError::Forbidden("Saved views belong to users, not API keys.".into()))
}

/// The signed-in user behind the caller, after checking that they may read the view's list.
fn owner(caller: &Caller, resource: ViewResource) -> ApiResult<&users::Model> {
    let user = user_of(caller)?;
    match resource {
        ViewResource::Customers => caller.require(Permission::CustomerView)?,
    }
    Ok(user)
}

/// Whether `user` sees `row`: they own it, or it is shared with their department.
fn visible_to(row: &saved_views::Model, user: &users::Model) -> bool {
    row.owner_id == user.id
        || (row.visibility == ViewVisibility::Department.as_str()
            && row.department_id.is_some()
            && row.department_id == user.department_id)
}

fn to_dto(row: &saved_views::Model, owner_name: &str, caller_id: i64) -> ApiResult<SavedView> {
    let corrupt = |what: &str| ApiError::Internal(anyhow::anyhow!("saved view {} has a bad {what}", row.id));
    Ok(SavedView {
        id: row.id,
        resource: ViewResource::parse(&row.resource).ok_or_else(|| corrupt("resource"))?,
        name: row.name.clone(),
        filters: row.filters.clone(),
        columns: serde_json::from_str(&row.columns).map_err(|_| corrupt("column list"))?,
        sort: row.sort.clone(),
        visibility: ViewVisibility::parse(&row.visibility).ok_or_else(|| corrupt("visibility"))?,
        owner_id: UserId(row.owner_id),
        owner_name: owner_name.to_owned(),
        department_id: row.department_id.map(DepartmentId),
        is_mine: row.owner_id == caller_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Checks a filter string as the list would read it; `cursor` and `limit` belong to a page, not a view.
fn check_filters(problems: &mut Problems, resource: ViewResource, filters: &str) -> String {
    let filters = filters.trim().trim_start_matches('?').to_owned();
    if filters.chars().count() > 2000 {
        problems.add("filters", "too_long", "must be at most 2000 characters");
        return filters;
    }
    match resource {
        ViewResource::Customers => match web::Query::<CustomerQuery>::from_query(&filters) {
            Err(error) => problems.add("filters", "invalid", &format!("is not a customer list query: {error}")),
            Ok(query) if query.cursor.is_some() || query.limit.is_some() => {
                problems.add("filters", "not_allowed", "must not contain cursor or limit");
            }
            Ok(query) if query.sort.is_some() && Sort::parse(query.sort.as_deref()).is_err() => {
                problems.add("filters", "invalid", "names a sort column the list does not have");
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
        problems.add("columns", "too_many", "must list at most 30 columns");
    } else if !columns.iter().all(valid) {
        problems.add("columns", "invalid", "column names are 1–40 lowercase letters or underscores");
    } else if distinct.len() != columns.len() {
        problems.add("columns", "duplicate", "lists a column twice");
    }
}

fn check_sort(problems: &mut Problems, sort: Option<&str>) {
    if sort.is_some() && Sort::parse(sort).is_err() {
        problems.add("sort", "invalid", "is not a column the list sorts by");
    }
}

/// The department a view shared by `user` goes to (422 for a user without one).
fn share_department(problems: &mut Problems, user: &users::Model, visibility: ViewVisibility) -> Option<i64> {
    match visibility {
        ViewVisibility::Private => None,
        ViewVisibility::Department => {
            if user.department_id.is_none() {
                problems.add("visibility", "no_department", "you belong to no department to share it with");
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

/// The caller's own view `id`: 404 when they cannot see it, 403 when it is shared with them but
/// someone else's.
async fn find_own(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: i64,
) -> ApiResult<(saved_views::Model, users::Model)> {
    let not_found = || ApiError::NotFound(format!("There is no saved view {id}."));
    user_of(caller)?;
    let row = saved_views::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?;
    let resource = ViewResource::parse(&row.resource).ok_or_else(not_found)?;
    let user = owner(caller, resource)?.clone();
    if !visible_to(&row, &user) {
        return Err(not_found());
    }
    if row.owner_id != user.id {
        return Err(ApiError::Forbidden("Only its owner may change or delete a saved view.".into()));
    }
    Ok((row, user))
}

/// List saved views.
///
/// The caller's own views of a list and the views colleagues shared with the caller's department,
/// by name. `is_mine` tells which the caller may change.
#[utoipa::path(
    tag = "views",
    security(("bearer" = [])),
    params(SavedViewQuery),
    responses((status = 200, description = "The views.", body = Vec<SavedView>), AuthErrors, BadParameters)
)]
#[get("/saved-views")]
pub async fn list_saved_views(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SavedViewQuery>,
) -> ApiResult<web::Json<Vec<SavedView>>> {
    let user = owner(&caller, query.resource)?;
    let mut seen = Condition::any().add(saved_views::Column::OwnerId.eq(user.id));
    if let Some(department) = user.department_id {
        seen = seen.add(
            Condition::all()
                .add(saved_views::Column::Visibility.eq(ViewVisibility::Department.as_str()))
                .add(saved_views::Column::DepartmentId.eq(department)),
        );
    }
    let rows = saved_views::Entity::find()
        .filter(saved_views::Column::Resource.eq(query.resource.as_str()))
        .filter(seen)
        .order_by_asc(saved_views::Column::Name)
        .order_by_asc(saved_views::Column::Id)
        .all(&state.db)
        .await?;
    let owner_ids: HashSet<i64> = rows.iter().map(|r| r.owner_id).collect();
    let names: HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(owner_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let views = rows
        .iter()
        .map(|row| to_dto(row, names.get(&row.owner_id).map_or("", String::as_str), user.id))
        .collect::<ApiResult<_>>()?;
    Ok(web::Json(views))
}

/// Save a view.
///
/// Saves the list's current filters (its query string without `cursor` and `limit`), columns and
/// sort under a name, unique among the caller's views of that list. A view shared with the
/// department is visible to every user of the caller's department.
#[utoipa::path(
    tag = "views",
    security(("bearer" = [])),
    request_body = NewSavedView,
    responses((status = 201, description = "Saved.", body = SavedView), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/saved-views")]
pub async fn create_saved_view(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewSavedView>,
) -> ApiResult<HttpResponse> {
    let user = owner(&caller, body.resource)?;
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 50);
    let filters = check_filters(&mut problems, body.resource, &body.filters);
    check_columns(&mut problems, &body.columns);
    check_sort(&mut problems, body.sort.as_deref());
    let department_id = share_department(&mut problems, user, body.visibility);
    problems.finish()?;
    let columns = serde_json::to_string(&body.columns).map_err(|e| ApiError::Internal(e.into()))?;
    let txn = db::begin_write(&state.db).await?;
    if name_taken(&txn, user.id, body.resource.as_str(), &name, None).await? {
        return Err(ApiError::Conflict(format!("You already have a view named {name}.")));
    }
    let now = Utc::now();
    let row = saved_views::ActiveModel {
        resource: Set(body.resource.as_str().to_owned()),
        name: Set(name),
        filters: Set(filters),
        columns: Set(columns),
        sort: Set(body.sort.clone()),
        visibility: Set(body.visibility.as_str().to_owned()),
        owner_id: Set(user.id),
        department_id: Set(department_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let dto = to_dto(&row, &user.display_name, user.id)?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("saved_view.create", "saved_view", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Change a saved view.
///
/// Renames the caller's own view, replaces its filters, columns or sort, or shares it with the
/// caller's current department (or makes it private again). Views shared by colleagues are read-only.
#[utoipa::path(
    tag = "views",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The view's id.")),
    request_body = SavedViewPatch,
    responses(
        (status = 200, description = "Changed.", body = SavedView),
        AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors
    )
)]
#[patch("/saved-views/{id}")]
pub async fn update_saved_view(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<SavedViewPatch>,
) -> ApiResult<web::Json<SavedView>> {
    let txn = db::begin_write(&state.db).await?;
    let (current, user) = find_own(&txn, &caller, id.into_inner()).await?;
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
    if name_taken(&txn, user.id, &current.resource, &name, Some(current.id)).await? {
        return Err(ApiError::Conflict(format!("You already have a view named {name}.")));
    }
    let mut active: saved_views::ActiveModel = current.clone().into();
    active.name = Set(name);
    if let Some(filters) = filters {
        active.filters = Set(filters);
    }
    if let Some(columns) = &body.columns {
        active.columns = Set(serde_json::to_string(columns).map_err(|e| ApiError::Internal(e.into()))?);
    }
    if let Some(sort) = &body.sort {
        active.sort = Set(sort.clone());
    }
    if let (Some(visibility), Some(department_id)) = (body.visibility, department_id) {
        active.visibility = Set(visibility.as_str().to_owned());
        active.department_id = Set(department_id);
    }
    active.updated_at = Set(Utc::now());
    let row = active.update(&txn).await?;
    let after = to_dto(&row, &user.display_name, user.id)?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("saved_view.update", "saved_view", row.id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

/// Delete a saved view.
///
/// Deletes one of the caller's own views; colleagues who saw it shared no longer do.
#[utoipa::path(
    tag = "views",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The view's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/saved-views/{id}")]
pub async fn delete_saved_view(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let (current, user) = find_own(&txn, &caller, id.into_inner()).await?;
    let before = to_dto(&current, &user.display_name, user.id)?;
    saved_views::Entity::delete_by_id(current.id).exec(&txn).await?;
    let mut change = Change::new("saved_view.delete", "saved_view", current.id);
    change.before = Some(audit::snapshot(&before)?);
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
