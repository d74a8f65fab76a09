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
