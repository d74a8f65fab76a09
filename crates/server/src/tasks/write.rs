//! Creating tasks and recording their history, inside the caller's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use crm_types::FieldErrorCode;
use crm_types::task::TaskStatus;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::entities::{task_events, tasks};
use crate::validation::Problems;

/// How far ahead a task may be planned.
const MAX_PLAN_YEARS: i64 = 10;

/// Checks a planned finish: not before `today`, and within ten years.
pub fn check_planned_finish(problems: &mut Problems, field: &str, day: NaiveDate, today: NaiveDate) {
    if day < today {
        problems.add(field, FieldErrorCode::InPast, "must be today or later");
    } else if day > today + chrono::Duration::days(366 * MAX_PLAN_YEARS) {
        problems.add(field, FieldErrorCode::TooFar, "must be within ten years");
    }
}

/// A task to create.
#[derive(Debug, Clone)]
pub struct NewTask {
    /// The customer it serves.
    pub customer_id: i64,
    /// The demand whose plan it belongs to.
    pub demand_id: Option<i64>,
    /// The follow-up whose to-do it is.
    pub followup_id: Option<i64>,
    /// What to do.
    pub name: String,
    /// Who does it.
    pub owner_id: i64,
    /// The owner's department.
    pub department_id: Option<i64>,
    /// By when.
    pub planned_finish: NaiveDate,
    /// Approved already (to-dos need no approval; a plan made by an approver is approved).
    pub approved_by: Option<i64>,
}

/// Inserts `task` as 待开始 with a `created` entry in its history.
pub async fn insert(
    db: &impl ConnectionTrait,
    task: NewTask,
    actor: i64,
    now: DateTime<Utc>,
) -> Result<tasks::Model, DbErr> {
    let row = tasks::ActiveModel {
        customer_id: Set(task.customer_id),
        demand_id: Set(task.demand_id),
        followup_id: Set(task.followup_id),
        name: Set(task.name),
        owner_id: Set(task.owner_id),
        department_id: Set(task.department_id),
        planned_finish: Set(task.planned_finish),
        status: Set(TaskStatus::Pending.as_str().to_owned()),
        delay_reason: Set(None),
        plan_approved_by: Set(task.approved_by),
        plan_approved_at: Set(task.approved_by.map(|_| now)),
        completed_at: Set(None),
        version: Set(1),
        created_by: Set(actor),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let created = TaskChange { field: "created", from: None, to: Some(row.planned_finish.to_string()), reason: None };
    record(db, row.id, created, Some(actor), now).await?;
    Ok(row)
}

/// One entry of a task's history.
#[derive(Debug, Clone)]
pub struct TaskChange {
    /// `created`, `status`, `planned_finish`, `owner`, `plan_approved`.
    pub field: &'static str,
    /// The old value.
    pub from: Option<String>,
    /// The new value.
    pub to: Option<String>,
    /// Why (required for a delay).
    pub reason: Option<String>,
}

/// Appends `change` to a task's history.
pub async fn record(
    db: &impl ConnectionTrait,
    task_id: i64,
    change: TaskChange,
    actor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    task_events::ActiveModel {
        task_id: Set(task_id),
        field: Set(change.field.to_owned()),
        from_value: Set(change.from),
        to_value: Set(change.to),
        reason: Set(change.reason),
        actor_id: Set(actor),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
