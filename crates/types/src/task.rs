//! Tasks (任务): the steps of a demand's plan and the to-dos of follow-ups.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{CustomerId, DemandId, FollowupId, TaskId, UserId};

/// Where a task is: 待开始 › 进行中 › 已完成, or 延期 (with a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// 待开始.
    Pending,
    /// 进行中.
    InProgress,
    /// 已完成.
    Done,
    /// 延期.
    Delayed,
}

impl TaskStatus {
    /// Every status, in workflow order.
    pub const ALL: [Self; 4] = [Self::Pending, Self::InProgress, Self::Done, Self::Delayed];

    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Delayed => "delayed",
        }
    }

    /// The status stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A task as listed under its follow-up or demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaskSummary {
    /// The id.
    pub id: TaskId,
    /// What to do.
    pub name: String,
    /// Who does it.
    pub owner_id: UserId,
    /// Their name.
    pub owner_name: String,
    /// By when.
    pub planned_finish: NaiveDate,
    /// Where it is.
    pub status: TaskStatus,
    /// Past its planned finish and not done.
    pub overdue: bool,
    /// Whether a manager approved the demand's task plan: a task of a demand cannot start or finish
    /// before (a task without a demand never waits for it).
    pub plan_approved: bool,
    /// The version, for `If-Match` on `PATCH /api/v1/tasks/{id}`.
    pub version: i32,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Task {
    /// The id.
    pub id: TaskId,
    /// The customer it serves.
    pub customer_id: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The demand whose plan it belongs to.
    pub demand_id: Option<DemandId>,
    /// The follow-up whose to-do it is.
    pub followup_id: Option<FollowupId>,
    /// What to do.
    pub name: String,
    /// Who does it.
    pub owner_id: UserId,
    /// Their name.
    pub owner_name: String,
    /// By when.
    pub planned_finish: NaiveDate,
    /// Where it is.
    pub status: TaskStatus,
    /// Why it was delayed.
    pub delay_reason: Option<String>,
    /// Whether a manager approved the plan (tasks of demands).
    pub plan_approved: bool,
    /// Past its planned finish and not done.
    pub overdue: bool,
    /// Done at.
    pub completed_at: Option<DateTime<Utc>>,
    /// The version, for `If-Match`.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Body of `PATCH /api/v1/tasks/{id}` (with `If-Match`). Moving to `delayed`, or moving the planned
/// finish later, needs a `reason`, kept in the task's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// A new owner.
    pub owner_id: Option<UserId>,
    /// A new planned finish.
    pub planned_finish: Option<NaiveDate>,
    /// A new status.
    pub status: Option<TaskStatus>,
    /// Why (required for a delay).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// One change in a task's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaskHistoryEntry {
    /// `created`, `status`, `planned_finish`, `owner`, `name`, `plan_approved`.
    pub field: String,
    /// The old value.
    pub from: Option<String>,
    /// The new value.
    pub to: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
    /// Who.
    pub actor_id: Option<UserId>,
    /// Their name.
    pub actor_name: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Query of `GET /api/v1/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TaskQuery {
    /// Done by this user.
    pub owner_id: Option<UserId>,
    /// In this status.
    pub status: Option<TaskStatus>,
    /// Of this demand.
    pub demand_id: Option<DemandId>,
    /// For this customer.
    pub customer_id: Option<CustomerId>,
    /// Only unfinished tasks past their planned finish.
    pub overdue: Option<bool>,
    /// Only unfinished tasks planned to finish on or before this day.
    pub due_to: Option<NaiveDate>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 100)]
    pub cursor: Option<String>,
}
