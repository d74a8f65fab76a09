//! Tasks under `/api/v1/tasks` (任务): the caller's and the team's tasks, progress, delays with their
//! reasons, and each task's history. Answers while the `followups` or the `demands` module is on, and
//! shows the tasks of the modules that are on (`tasks::origins`).

use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, get, patch, web};
use chrono::Utc;
use crm_types::access::{ModuleKey, Permission};
use crm_types::task::{Task, TaskHistoryEntry, TaskPage, TaskPatch, TaskQuery, TaskStatus};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::record::active_user;
use crate::demands::scope::DemandScope;
use crate::entities::tasks;
use crate::error::{ApiError, ApiResult};
use crate::http::versions;
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound, Preconditions};
use crate::state::AppState;
use crate::tasks::origins;
use crate::tasks::record::{assemble, history, status_of};
use crate::tasks::write::{self, TaskChange};
use crate::validation::{Problems, check_lengths, next_cursor, page_limit};
use crate::{china_time, db, modules};

/// The modules whose tasks these routes serve.
const ORIGINS: [ModuleKey; 2] = [ModuleKey::Followups, ModuleKey::Demands];

/// The caller's tasks scope, narrowed to the modules that are on.
async fn scope_of(db: &impl sea_orm::ConnectionTrait, caller: &Caller) -> ApiResult<DemandScope> {
    Ok(DemandScope::of(db, caller).await?.showing_tasks(origins::shown(db).await?))
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/tasks")
            .wrap(from_fn(|request, next| modules::gate_any(&ORIGINS, request, next)))
            // Methods a path does not take get the same 405 with `Allow` as everywhere else.
            .default_service(actix_web::web::to(crate::http::fallback::fallback))
            .service(list)
            .service(get_one)
            .service(update)
            .service(task_history),
    );
}

async fn one(db: &impl sea_orm::ConnectionTrait, row: &tasks::Model) -> ApiResult<Task> {
    assemble(db, std::slice::from_ref(row), china_time::day_of(Utc::now()))
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("task {} did not assemble", row.id)))
}

fn respond(task: Task) -> HttpResponse {
    versions::respond(HttpResponse::Ok(), task.version, &task)
}

/// List tasks.
///
/// The caller's own tasks and those of customers in the caller's demand scope, soonest planned finish
/// first: by owner (`owner_id`), status, demand, customer, `overdue=true`, or unfinished and planned
/// to finish by `due_to`.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(TaskQuery),
    responses((status = 200, description = "A page of tasks.", body = TaskPage), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TaskQuery>,
) -> ApiResult<web::Json<TaskPage>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 100)])?;
    let scope = scope_of(&state.db, &caller).await?;
    let today = china_time::day_of(Utc::now());
    use tasks::Column as T;
    let mut select = scope.tasks();
    if let Some(owner) = query.owner_id {
        select = select.filter(T::OwnerId.eq(owner));
    }
    if let Some(status) = query.status {
        select = select.filter(T::Status.eq(status.as_str()));
    }
    if let Some(demand) = query.demand_id {
        select = select.filter(T::DemandId.eq(demand));
    }
    if let Some(customer) = query.customer_id {
        select = select.filter(T::CustomerId.eq(customer));
    }
    if query.overdue == Some(true) {
        select = select.filter(T::Status.ne(TaskStatus::Done.as_str())).filter(T::PlannedFinish.lt(today));
    }
    if let Some(due) = query.due_to {
        select = select.filter(T::Status.ne(TaskStatus::Done.as_str())).filter(T::PlannedFinish.lte(due));
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let invalid = || ApiError::field("cursor", "invalid", "is not a cursor this list gave out");
        let (day, id) = cursor.split_once('_').ok_or_else(invalid)?;
        let day: chrono::NaiveDate = day.parse().map_err(|_| invalid())?;
        let id: i64 = id.parse().map_err(|_| invalid())?;
        select = select.filter(
            Condition::any()
                .add(T::PlannedFinish.gt(day))
                .add(Condition::all().add(T::PlannedFinish.eq(day)).add(T::Id.gt(id))),
        );
    }
    let limit = page_limit(query.limit, 50, 200)?;
    let mut rows = select.order_by_asc(T::PlannedFinish).order_by_asc(T::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| format!("{}_{}", r.planned_finish, r.id));
    Ok(web::Json(TaskPage { items: assemble(&state.db, &rows, today).await?, next_cursor }))
}

/// Get a task.
///
/// The `ETag` is the version to send back in `If-Match`.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task's id.")),
    responses(
        (status = 200, description = "The task.", body = Task, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, BadParameters
    )
)]
#[get("/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let scope = scope_of(&state.db, &caller).await?;
    let row = scope.find_task(&state.db, id.into_inner()).await?;
    Ok(respond(one(&state.db, &row).await?))
}

/// A task's history.
///
/// Every change, oldest first: creation, status (with the reason of each delay), planned finish,
/// owner, plan approval.
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The task's id.")),
    responses((status = 200, description = "The history.", body = Vec<TaskHistoryEntry>), AuthErrors, NotFound, BadParameters)
)]
#[get("/{id:-?\\d+}/history")]
pub async fn task_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<TaskHistoryEntry>>> {
    let scope = scope_of(&state.db, &caller).await?;
    let row = scope.find_task(&state.db, id.into_inner()).await?;
    Ok(web::Json(history(&state.db, row.id).await?))
}

/// Update a task.
///
/// By its owner, or by someone with `demand.create` who sees its customer; send the version in
/// `If-Match`. `delayed` needs a `reason`, and so does moving the planned finish later; both are kept
/// in the history. A task of a demand whose plan waits for approval cannot start or finish yet (409).
#[utoipa::path(
    tag = "tasks",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The task's id."),
        ("If-Match" = String, Header, description = "The version read (the ETag).")
    ),
    request_body = TaskPatch,
    responses(
        (status = 200, description = "Updated.", body = Task, headers(("ETag" = String, description = "The new version."))),
        AuthErrors, NotFound, Conflict, Preconditions, BadParameters, JsonBodyErrors
    )
)]
#[patch("/{id:-?\\d+}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<TaskPatch>,
) -> ApiResult<HttpResponse> {
    let sent = versions::if_match(&request)?;
    let me = caller.user().map(|u| u.id).ok_or_else(|| ApiError::Forbidden("Tasks are updated by users.".into()))?;
    let scope = scope_of(&state.db, &caller).await?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let current = scope.find_task(&txn, id.into_inner()).await?;
    if current.owner_id != me {
        caller.require(Permission::DemandCreate)?;
        if !scope.sees_customer_of(&txn, &current).await? {
            return Err(ApiError::Forbidden("Only the task's owner or the demand's team updates it.".into()));
        }
    }
    let before = one(&txn, &current).await?;
    let status = status_of(&current)?;
    let reason = body.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    let mut problems = Problems::default();
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        problems.add("reason", "too_long", "must be at most 500 characters");
    }
    let mut row: tasks::ActiveModel = current.clone().into();
    let mut changes = Vec::new();
    if let Some(name) = &body.name {
        let name = problems.text("name", name, 200);
        if name != current.name {
            changes.push(TaskChange {
                field: "name",
                from: Some(current.name.clone()),
                to: Some(name.clone()),
                reason: None,
            });
            row.name = Set(name);
        }
    }
    if let Some(owner) = body.owner_id.filter(|o| o.0 != current.owner_id) {
        match active_user(&txn, owner.0).await? {
            Some(user) => {
                changes.push(TaskChange {
                    field: "owner",
                    from: Some(current.owner_id.to_string()),
                    to: Some(user.id.to_string()),
                    reason: reason.clone(),
                });
                row.owner_id = Set(user.id);
                row.department_id = Set(user.department_id);
            }
            None => problems.add("owner_id", "unknown", "must be an active user"),
        }
    }
    if let Some(day) = body.planned_finish.filter(|d| *d != current.planned_finish) {
        if day > current.planned_finish && reason.is_none() {
            problems.add("reason", "required", "say why the task finishes later");
        }
        write::check_planned_finish(&mut problems, "planned_finish", day, china_time::day_of(now));
        changes.push(TaskChange {
            field: "planned_finish",
            from: Some(current.planned_finish.to_string()),
            to: Some(day.to_string()),
            reason: reason.clone(),
        });
        row.planned_finish = Set(day);
    }
    if let Some(to) = body.status.filter(|s| *s != status) {
        if to == TaskStatus::Delayed {
            if reason.is_none() {
                problems.add("reason", "required", "say why the task is delayed");
            }
            row.delay_reason = Set(reason.clone());
        }
        if matches!(to, TaskStatus::InProgress | TaskStatus::Done)
            && current.demand_id.is_some()
            && current.plan_approved_by.is_none()
        {
            return Err(ApiError::Conflict("The demand's task plan waits for a manager's approval.".into()));
        }
        row.completed_at = Set((to == TaskStatus::Done).then_some(now));
        changes.push(TaskChange {
            field: "status",
            from: Some(status.as_str().into()),
            to: Some(to.as_str().into()),
            reason: reason.clone(),
        });
        row.status = Set(to.as_str().to_owned());
    }
    problems.finish()?;
    versions::check(sent, current.version)?;
    row.version = Set(current.version + 1);
    row.updated_at = Set(now);
    let result = tasks::Entity::update_many()
        .set(row)
        .filter(tasks::Column::Id.eq(current.id))
        .filter(tasks::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::PreconditionFailed);
    }
    for change in changes {
        write::record(&txn, current.id, change, Some(me), now).await?;
    }
    let updated = tasks::Entity::find_by_id(current.id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no task {}.", current.id)))?;
    let after = one(&txn, &updated).await?;
    let change =
        Change::new("task.update", "task", current.id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?);
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(respond(after))
}
