//! Tasks as the API shows them.

use chrono::NaiveDate;
use crm_types::task::{Task, TaskHistoryEntry, TaskStatus, TaskSummary};
use crm_types::{CustomerId, DemandId, FollowupId, TaskId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{task_events, tasks};
use crate::error::{ApiError, ApiResult};
use crate::lookups::{customer_names, user_names};

/// The stored status, or an error naming the corrupt row.
pub fn status_of(row: &tasks::Model) -> ApiResult<TaskStatus> {
    TaskStatus::parse(&row.status)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("task {} has the unknown status {:?}", row.id, row.status)))
}

/// Past its planned finish (a local day before `today`) and not done.
pub fn is_overdue(row: &tasks::Model, today: NaiveDate) -> bool {
    row.status != TaskStatus::Done.as_str() && row.planned_finish < today
}

/// The tasks whose `parent` column (follow-up or demand) is one of `ids`, as `(parent id, summary)`
/// in creation order.
pub async fn summaries_by(
    db: &impl ConnectionTrait,
    parent: tasks::Column,
    ids: &[i64],
    today: NaiveDate,
) -> ApiResult<Vec<(i64, TaskSummary)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows =
        tasks::Entity::find().filter(parent.is_in(ids.iter().copied())).order_by_asc(tasks::Column::Id).all(db).await?;
    let names = user_names(db, rows.iter().map(|r| r.owner_id)).await?;
    rows.iter()
        .map(|row| {
            let summary = TaskSummary {
                id: TaskId(row.id),
                name: row.name.clone(),
                owner_id: UserId(row.owner_id),
                owner_name: names.get(&row.owner_id).cloned().unwrap_or_default(),
                planned_finish: row.planned_finish,
                status: status_of(row)?,
                overdue: is_overdue(row, today),
                plan_approved: row.plan_approved_by.is_some(),
                version: row.version,
            };
            let key = if matches!(parent, tasks::Column::DemandId) { row.demand_id } else { row.followup_id };
            Ok((key.unwrap_or_default(), summary))
        })
        .collect()
}

/// The wire form of `rows`, in their order.
pub async fn assemble(db: &impl ConnectionTrait, rows: &[tasks::Model], today: NaiveDate) -> ApiResult<Vec<Task>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let names = user_names(db, rows.iter().map(|r| r.owner_id)).await?;
    let customer_names = customer_names(db, rows.iter().map(|r| r.customer_id)).await?;
    rows.iter()
        .map(|row| {
            Ok(Task {
                id: TaskId(row.id),
                customer_id: CustomerId(row.customer_id),
                customer_name: customer_names.get(&row.customer_id).cloned().unwrap_or_default(),
                demand_id: row.demand_id.map(DemandId),
                followup_id: row.followup_id.map(FollowupId),
                name: row.name.clone(),
                owner_id: UserId(row.owner_id),
                owner_name: names.get(&row.owner_id).cloned().unwrap_or_default(),
                planned_finish: row.planned_finish,
                status: status_of(row)?,
                delay_reason: row.delay_reason.clone(),
                plan_approved: row.plan_approved_by.is_some(),
                overdue: is_overdue(row, today),
                completed_at: row.completed_at,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// A task's history, oldest first.
pub async fn history(db: &impl ConnectionTrait, task_id: i64) -> ApiResult<Vec<TaskHistoryEntry>> {
    let rows = task_events::Entity::find()
        .filter(task_events::Column::TaskId.eq(task_id))
        .order_by_asc(task_events::Column::Id)
        .all(db)
        .await?;
    let names = user_names(db, rows.iter().filter_map(|r| r.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|row| TaskHistoryEntry {
            actor_name: row.actor_id.and_then(|id| names.get(&id).cloned()),
            actor_id: row.actor_id.map(UserId),
            field: row.field,
            from: row.from_value,
            to: row.to_value,
            reason: row.reason,
            at: row.created_at,
        })
        .collect())
}
