//! Reads of tasks: the list (mine, a demand's plan, due or overdue ones), one task as its wire form,
//! its history.

use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::page::Page;
use crm_types::task::{Task, TaskQuery, TaskStatus};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::china_time;
use crate::entities::tasks;
use crate::error::{ApiError, ApiResult};
use crate::policy::demands::DemandScope;
use crate::tasks::record::assemble;
use crate::validation::{check_lengths, next_cursor, page_limit};

/// The wire form of one task.
pub async fn one(db: &impl ConnectionTrait, row: &tasks::Model, now: DateTime<Utc>) -> ApiResult<Task> {
    assemble(db, std::slice::from_ref(row), china_time::day_of(now))
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("task {} did not assemble", row.id)))
}

/// The page of tasks `query` asks for, by planned finish, within `scope`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &DemandScope,
    query: &TaskQuery,
    now: DateTime<Utc>,
) -> ApiResult<Page<Task>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 100)])?;
    let today = china_time::day_of(now);
    use tasks::Column as T;
    let mut select = scope.tasks();
    if let Some(owner) = query.owner_id {
        select = select.filter(T::OwnerId.eq(owner.0));
    }
    if let Some(status) = query.status {
        select = select.filter(T::Status.eq(status.as_str()));
    }
    if let Some(demand) = query.demand_id {
        select = select.filter(T::DemandId.eq(demand.0));
    }
    if let Some(customer) = query.customer_id {
        select = select.filter(T::CustomerId.eq(customer.0));
    }
    if query.overdue == Some(true) {
        select = select.filter(T::Status.ne(TaskStatus::Done.as_str())).filter(T::PlannedFinish.lt(today));
    }
    if let Some(due) = query.due_to {
        select = select.filter(T::Status.ne(TaskStatus::Done.as_str())).filter(T::PlannedFinish.lte(due));
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let invalid = || ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out");
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
    let mut rows = select.order_by_asc(T::PlannedFinish).order_by_asc(T::Id).limit(limit + 1).all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| format!("{}_{}", r.planned_finish, r.id));
    Ok(Page::new(assemble(db, &rows, today).await?, next_cursor))
}
