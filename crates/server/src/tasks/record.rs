//! Tasks as the API shows them.

use chrono::NaiveDate;
use crm_types::task::{TaskStatus, TaskSummary};
use crm_types::{TaskId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::customers::record::user_names;
use crate::entities::tasks;
use crate::error::{ApiError, ApiResult};

/// The stored status, or an error naming the corrupt row.
pub fn status_of(row: &tasks::Model) -> ApiResult<TaskStatus> {
    TaskStatus::parse(&row.status)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("task {} has the unknown status {:?}", row.id, row.status)))
}

/// Past its planned finish (a local day before `today`) and not done.
pub fn is_overdue(row: &tasks::Model, today: NaiveDate) -> bool {
    row.status != TaskStatus::Done.as_str() && row.planned_finish < today
}

/// The tasks of the follow-ups `followup_ids`, by follow-up, in creation order.
pub async fn of_followups(
    db: &impl ConnectionTrait,
    followup_ids: &[i64],
    today: NaiveDate,
) -> ApiResult<Vec<(i64, TaskSummary)>> {
    if followup_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = tasks::Entity::find()
        .filter(tasks::Column::FollowupId.is_in(followup_ids.iter().copied()))
        .order_by_asc(tasks::Column::Id)
        .all(db)
        .await?;
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
            };
            Ok((row.followup_id.unwrap_or_default(), summary))
        })
        .collect()
}
