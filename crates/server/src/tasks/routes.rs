//! Tasks under `/api/v1/tasks` (任务): the caller's and the team's tasks, progress, delays with their
//! reasons, and each task's history. Answers while the `followups` or the `demands` module is on, and
//! shows the tasks of the modules that are on (`tasks::origins`).

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, get, patch, web};
use crm_types::TaskId;
use crm_types::access::ModuleKey;
use crm_types::page::Page;
use crm_types::task::{Task, TaskHistoryEntry, TaskPatch, TaskQuery};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::http::versions::{self, IfMatch};
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound, Preconditions};
use crate::policy;
use crate::state::AppState;
use crate::tasks::record::history;
use crate::tasks::{queries, service};
use crate::{db, modules};

/// The modules whose tasks these routes serve.
const ORIGINS: [ModuleKey; 2] = [ModuleKey::Followups, ModuleKey::Demands];

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

fn respond(task: Task) -> HttpResponse {
    versions::respond(HttpResponse::Ok(), task.version, &task)
}

/// List tasks.
///
/// The caller's own tasks and those of customers in the caller's demand scope, soonest planned finish
/// first: by owner (`owner_id`), status, demand, customer, `overdue=true`, or unfinished and planned
/// to finish by `due_to`.
#[utoipa::path(
    operation_id = crm_types::api::ListTasks::ID,
    tag = "tasks",
    security(("bearer" = [])),
    params(TaskQuery),
    responses((status = 200, description = "A page of tasks.", body = Page<Task>), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TaskQuery>,
) -> ApiResult<web::Json<Page<Task>>> {
    let scope = policy::tasks::scope(&state.db, &caller).await?;
    Ok(web::Json(queries::list(&state.db, &scope, &query, state.clock.now()).await?))
}

/// Get a task.
///
/// The `ETag` is the version to send back in `If-Match`.
#[utoipa::path(
    operation_id = crm_types::api::GetTask::ID,
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
    let row = policy::tasks::visible(&state.db, &caller, TaskId(id.into_inner())).await?;
    Ok(respond(queries::one(&state.db, &row, state.clock.now()).await?))
}

/// A task's history.
///
/// Every change, oldest first: creation, status (with the reason of each delay), planned finish,
/// owner, plan approval.
#[utoipa::path(
    operation_id = crm_types::api::GetTaskHistory::ID,
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
    let row = policy::tasks::visible(&state.db, &caller, TaskId(id.into_inner())).await?;
    Ok(web::Json(history(&state.db, row.id).await?))
}

/// Update a task.
///
/// By its owner, or by someone with `demand.create` who sees its customer; send the version in
/// `If-Match`. `delayed` needs a `reason`, and so does moving the planned finish later; both are kept
/// in the history. A task of a demand whose plan waits for approval cannot start or finish yet (409).
#[utoipa::path(
    operation_id = crm_types::api::UpdateTask::ID,
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
    if_match: IfMatch,
    id: web::Path<i64>,
    body: web::Json<TaskPatch>,
) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let task = policy::tasks::editable(&txn, &caller, TaskId(id.into_inner())).await?;
    let after = service::update(&txn, &caller, task, if_match, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(respond(after))
}
