//! Changes to a task: its name, owner, planned finish (a later one needs a reason) and status along
//! `crm_domain::workflow::task` (a delay needs a reason; a demand's task waits for its plan's
//! approval), each change kept in the task's history.

use chrono::{DateTime, Utc};
use crm_domain::workflow::task as workflow;
use crm_types::FieldErrorCode;
use crm_types::task::{Task, TaskPatch, TaskStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::china_time;
use crate::entities::tasks;
use crate::error::{ApiError, ApiResult};
use crate::http::versions::IfMatch;
use crate::lookups::active_user;
use crate::policy::Editable;
use crate::tasks::queries::one;
use crate::tasks::record::status_of;
use crate::tasks::write::{self, TaskChange};
use crate::validation::Problems;

/// Applies `body` to `task`.
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    task: Editable<tasks::Model>,
    if_match: IfMatch,
    body: &TaskPatch,
    now: DateTime<Utc>,
) -> ApiResult<Task> {
    let current = task.into_inner();
    if_match.required()?;
    let me = caller.user().map(|u| u.id).ok_or_else(|| ApiError::UsersOnly("Tasks are updated by users.".into()))?;
    let before = one(txn, &current, now).await?;
    let status = status_of(&current)?;
    let reason = body.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    let mut problems = Problems::default();
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        problems.add("reason", FieldErrorCode::TooLong, "must be at most 500 characters");
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
        match active_user(txn, owner.0).await? {
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
            None => problems.add("owner_id", FieldErrorCode::Unknown, "must be an active user"),
        }
    }
    if let Some(day) = body.planned_finish.filter(|d| *d != current.planned_finish) {
        if day > current.planned_finish && reason.is_none() {
            problems.add("reason", FieldErrorCode::Required, "say why the task finishes later");
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
        if !workflow::can_move(status, to) {
            problems.add(
                "status",
                FieldErrorCode::NotAllowed,
                &format!("a task cannot move from {} to {}", status.as_str(), to.as_str()),
            );
        }
        if to == TaskStatus::Delayed {
            if reason.is_none() {
                problems.add("reason", FieldErrorCode::Required, "say why the task is delayed");
            }
            row.delay_reason = Set(reason.clone());
        }
        if matches!(to, TaskStatus::InProgress | TaskStatus::Done)
            && current.demand_id.is_some()
            && current.plan_approved_by.is_none()
        {
            return Err(ApiError::WrongState("The demand's task plan waits for a manager's approval.".into()));
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
    if_match.check(current.version)?;
    row.version = Set(current.version + 1);
    row.updated_at = Set(now);
    let result = tasks::Entity::update_many()
        .set(row)
        .filter(tasks::Column::Id.eq(current.id))
        .filter(tasks::Column::Version.eq(current.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::PreconditionFailed);
    }
    for change in changes {
        write::record(txn, current.id, change, Some(me), now).await?;
    }
    let updated = tasks::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no task {}.", current.id)))?;
    let after = one(txn, &updated, now).await?;
    let change =
        Change::new("task.update", "task", current.id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(after)
}
