//! A demand's task plan: add tasks, and approve the plan.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use crm_types::DemandId;
use crm_types::demand::{Demand, NewTask};
use crm_types::task::Task;

use super::record::{respond, user_of};
use crate::auth::Caller;
use crate::db;
use crate::demands::service::plan;
use crate::error::ApiResult;
use crate::http::versions;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy;
use crate::state::AppState;

/// Add a task to a demand's plan.
///
/// Needs `demand.create`. The task starts 待开始; planned by someone without `demand.approve_tasks`,
/// it waits for a manager to approve the plan before it can start.
#[utoipa::path(
    operation_id = crm_types::api::AddDemandTask::ID,
    tag = "demands",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The demand's id.")),
    request_body = NewTask,
    responses((status = 201, description = "Added.", body = Task), AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors)
)]
#[post("/{id:-?\\d+}/tasks")]
pub async fn add_task(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<NewTask>,
) -> ApiResult<HttpResponse> {
    let me = user_of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let demand = policy::demands::editable(&txn, &caller, DemandId(id.into_inner())).await?;
    let task = plan::add_task(&txn, &caller, demand, me, &body, state.clock.now()).await?;
    txn.commit().await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/tasks/{}", task.id)));
    response.insert_header(versions::etag(task.version));
    Ok(response.json(task))
}

/// Approve a demand's task plan.
///
/// Needs `demand.approve_tasks`: every task of the demand still waiting for approval may start.
#[utoipa::path(
    operation_id = crm_types::api::ApproveDemandTasks::ID,
    tag = "demands",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The demand's id.")),
    responses((status = 200, description = "Approved.", body = Demand), AuthErrors, NotFound, BadParameters)
)]
#[post("/{id:-?\\d+}/tasks/approve")]
pub async fn approve_tasks(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let me = user_of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let demand = policy::demands::approvable(&txn, &caller, DemandId(id.into_inner())).await?;
    let demand = plan::approve(&txn, &caller, demand, me, state.clock.now()).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), demand))
}
