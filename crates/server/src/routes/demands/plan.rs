//! A demand's task plan: add tasks, and approve the plan.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use crm_types::access::Permission;
use crm_types::demand::{Demand, DemandStatus, NewTask};
use crm_types::task::Task;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::record::{one, respond, user_of};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::record::active_user;
use crate::demands::record::status_of;
use crate::demands::scope::DemandScope;
use crate::entities::tasks;
use crate::error::{ApiError, ApiResult};
use crate::http::versions;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::tasks::write::{self as task_write, NewTask as TaskRow, TaskChange};
use crate::validation::Problems;
use crate::{calendar, china_time, db, tasks as task_records};

/// Add a task to a demand's plan.
///
/// Needs `demand.create`. The task starts 待开始; planned by someone without `demand.approve_tasks`,
/// it waits for a manager to approve the plan before it can start.
#[utoipa::path(
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
    caller.require(Permission::DemandCreate)?;
    let me = user_of(&caller)?.id;
    let scope = DemandScope::of(&state.db, &caller).await?;
    let now = Utc::now();
    let today = china_time::day_of(now);
    let txn = db::begin_write(&state.db).await?;
    let demand = scope.find(&txn, id.into_inner()).await?;
    if status_of(&demand)? == DemandStatus::Done {
        return Err(ApiError::Conflict("A closed demand takes no new tasks.".into()));
    }
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 200);
    let owner = active_user(&txn, body.owner_id.map_or(demand.owner_id, |o| o.0)).await?;
    if owner.is_none() {
        problems.add("owner_id", "unknown", "must be an active user");
    }
    task_write::check_planned_finish(&mut problems, "planned_finish", body.planned_finish, today);
    problems.finish()?;
    let owner = owner.ok_or_else(|| ApiError::field("owner_id", "unknown", "must be an active user"))?;
    let approver = caller.require(Permission::DemandApproveTasks).is_ok().then_some(me);
    let task = TaskRow {
        customer_id: demand.customer_id,
        demand_id: Some(demand.id),
        followup_id: None,
        name,
        owner_id: owner.id,
        department_id: owner.department_id,
        planned_finish: body.planned_finish,
        approved_by: approver,
    };
    let row = task_write::insert(&txn, task, me, now).await?;
    let task = task_records::record::assemble(&txn, std::slice::from_ref(&row), today)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("task {} did not assemble", row.id)))?;
    audit::record(&txn, &caller.actor(), Change::new("task.create", "task", row.id).created(audit::snapshot(&task)?))
        .await?;
    txn.commit().await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/tasks/{}", row.id)));
    response.insert_header(versions::etag(task.version));
    Ok(response.json(task))
}

/// Approve a demand's task plan.
///
/// Needs `demand.approve_tasks`: every task of the demand still waiting for approval may start.
#[utoipa::path(
    tag = "demands",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The demand's id.")),
    responses((status = 200, description = "Approved.", body = Demand), AuthErrors, NotFound, BadParameters)
)]
#[post("/{id:-?\\d+}/tasks/approve")]
pub async fn approve_tasks(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    caller.require(Permission::DemandApproveTasks)?;
    let me = user_of(&caller)?.id;
    let scope = DemandScope::of(&state.db, &caller).await?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let demand = scope.find(&txn, id.into_inner()).await?;
    let waiting = tasks::Entity::find()
        .filter(tasks::Column::DemandId.eq(demand.id))
        .filter(tasks::Column::PlanApprovedBy.is_null())
        .all(&txn)
        .await?;
    let ids: Vec<i64> = waiting.iter().map(|t| t.id).collect();
    tasks::Entity::update_many()
        .col_expr(tasks::Column::PlanApprovedBy, Expr::value(me))
        .col_expr(tasks::Column::PlanApprovedAt, Expr::value(now))
        .col_expr(tasks::Column::Version, Expr::col(tasks::Column::Version).add(1))
        .col_expr(tasks::Column::UpdatedAt, Expr::value(now))
        .filter(tasks::Column::Id.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    for task in &waiting {
        let change = TaskChange { field: "plan_approved", from: None, to: Some("approved".into()), reason: None };
        task_write::record(&txn, task.id, change, Some(me), now).await?;
    }
    let change = Change::new("demand.approve_tasks", "demand", demand.id).created(serde_json::json!({"tasks": ids}));
    audit::record(&txn, &caller.actor(), change).await?;
    let calendar = calendar::load(&txn).await?;
    let demand = one(&txn, &demand, &calendar, now).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), demand))
}
