//! A demand's task plan: tasks added to it, and the plan approved so that its tasks may start.

use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::access::Permission;
use crm_types::demand::{Demand, DemandStatus, NewTask};
use crm_types::task::Task;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::demands::queries::one;
use crate::demands::queries::record::status_of;
use crate::entities::{demands, tasks};
use crate::error::{ApiError, ApiResult};
use crate::lookups::active_user;
use crate::policy::Editable;
use crate::tasks::write::{self as task_write, NewTask as TaskRow, TaskChange};
use crate::validation::Problems;
use crate::{calendar, china_time};

/// Adds the task `body` to `demand`'s plan (approved at once when the caller may approve plans).
pub async fn add_task(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    demand: Editable<demands::Model>,
    me: i64,
    body: &NewTask,
    now: DateTime<Utc>,
) -> ApiResult<Task> {
    let demand = demand.into_inner();
    let today = china_time::day_of(now);
    if status_of(&demand)? == DemandStatus::Done {
        return Err(ApiError::Closed("A closed demand takes no new tasks.".into()));
    }
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 200);
    let owner = active_user(txn, body.owner_id.map_or(demand.owner_id, |o| o.0)).await?;
    if owner.is_none() {
        problems.add("owner_id", FieldErrorCode::Unknown, "must be an active user");
    }
    task_write::check_planned_finish(&mut problems, "planned_finish", body.planned_finish, today);
    problems.finish()?;
    let owner = owner.ok_or_else(|| ApiError::field("owner_id", FieldErrorCode::Unknown, "must be an active user"))?;
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
    let row = task_write::insert(txn, task, me, now).await?;
    let task = crate::tasks::record::assemble(txn, std::slice::from_ref(&row), today)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("task {} did not assemble", row.id)))?;
    audit::record(txn, &caller.actor(), Change::new("task.create", "task", row.id).created(audit::snapshot(&task)?))
        .await?;
    Ok(task)
}

/// Approves every task of `demand`'s plan still waiting for it.
pub async fn approve(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    demand: Editable<demands::Model>,
    me: i64,
    now: DateTime<Utc>,
) -> ApiResult<Demand> {
    let demand = demand.into_inner();
    let waiting = tasks::Entity::find()
        .filter(tasks::Column::DemandId.eq(demand.id))
        .filter(tasks::Column::PlanApprovedBy.is_null())
        .all(txn)
        .await?;
    let ids: Vec<i64> = waiting.iter().map(|t| t.id).collect();
    tasks::Entity::update_many()
        .col_expr(tasks::Column::PlanApprovedBy, Expr::value(me))
        .col_expr(tasks::Column::PlanApprovedAt, Expr::value(now))
        .col_expr(tasks::Column::Version, Expr::col(tasks::Column::Version).add(1))
        .col_expr(tasks::Column::UpdatedAt, Expr::value(now))
        .filter(tasks::Column::Id.is_in(ids.clone()))
        .exec(txn)
        .await?;
    for task in &waiting {
        let change = TaskChange { field: "plan_approved", from: None, to: Some("approved".into()), reason: None };
        task_write::record(txn, task.id, change, Some(me), now).await?;
    }
    let change = Change::new("demand.approve_tasks", "demand", demand.id).created(serde_json::json!({"tasks": ids}));
    audit::record(txn, &caller.actor(), change).await?;
    let calendar = calendar::load(txn).await?;
    let demand = one(txn, &demand, &calendar, now).await?;
    Ok(demand)
}
