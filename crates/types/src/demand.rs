//! Demands (需求): what a customer asked for, its priority and response deadline, its status flow and
//! the tasks (任务) it is split into.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::followup::UserRef;
use crate::task::TaskSummary;
use crate::{CustomerId, DemandId, UserId};

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The snake_case name, as stored.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// The value stored as `text`, if it is one.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

wire_enum!(
    /// 需求类型.
    DemandKind {
        /// 现有需求: the customer states it.
        Existing = "existing",
        /// 潜在需求: the rep sees it coming.
        Potential = "potential",
    }
);

wire_enum!(
    /// 优先级, which sets the response deadline: high 24 h (one working day), medium 3 working days,
    /// low one working week (5 working days), over the working-day calendar.
    Priority {
        /// 高.
        High = "high",
        /// 中.
        Medium = "medium",
        /// 低.
        Low = "low",
    }
);

wire_enum!(
    /// 需求状态: open › in progress › awaiting the customer's confirmation › done. Closing needs the
    /// customer's confirmation attached.
    DemandStatus {
        /// 待处理.
        Open = "open",
        /// 处理中.
        InProgress = "in_progress",
        /// 待客户确认.
        AwaitingConfirmation = "awaiting_confirmation",
        /// 已完成.
        Done = "done",
    }
);

wire_enum!(
    /// Where a demand stands against its response deadline.
    SlaState {
        /// Answered in time, or time is left.
        OnTrack = "on_track",
        /// Four fifths of the working time have gone without a response.
        DueSoon = "due_soon",
        /// Past the deadline without a response, or answered late.
        Breached = "breached",
    }
);

/// A demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Demand {
    /// The id.
    pub id: DemandId,
    /// The code (`DE20240005`).
    pub code: String,
    /// The customer.
    pub customer_id: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// What the customer needs.
    pub description: String,
    /// Existing or potential.
    pub kind: DemandKind,
    /// The priority.
    pub priority: Priority,
    /// The status.
    pub status: DemandStatus,
    /// Who handles it.
    pub owner: UserRef,
    /// The response deadline, from the priority over the working-day calendar.
    pub due_at: DateTime<Utc>,
    /// When the "about to be breached" warning goes out.
    pub warning_at: DateTime<Utc>,
    /// Where it stands against the deadline.
    pub sla_state: SlaState,
    /// Past the deadline without a response (超期).
    pub overdue: bool,
    /// First moved on from `open`.
    pub responded_at: Option<DateTime<Utc>>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Its tasks.
    pub tasks: Vec<TaskSummary>,
    /// The version, for `If-Match`.
    pub version: i32,
    /// Who raised it.
    pub created_by: UserRef,
    /// Raised at.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/demands`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDemand {
    /// The customer.
    pub customer_id: CustomerId,
    /// What the customer needs: not blank.
    #[schema(min_length = 1, max_length = 5000)]
    pub description: String,
    /// Existing (default) or potential.
    #[serde(default)]
    pub kind: Option<DemandKind>,
    /// The priority (default medium).
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Who handles it (default: the creator).
    #[serde(default)]
    pub owner_id: Option<UserId>,
}

/// Body of `PATCH /api/v1/demands/{id}` (with `If-Match`). Status moves forward one step at a time (or
/// back from awaiting confirmation to in progress); `done` needs a confirmation attachment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandPatch {
    /// A new description.
    #[schema(min_length = 1, max_length = 5000)]
    pub description: Option<String>,
    /// A new kind.
    pub kind: Option<DemandKind>,
    /// A new priority: the deadline is recomputed from the creation time.
    pub priority: Option<Priority>,
    /// A new status.
    pub status: Option<DemandStatus>,
    /// A new owner.
    pub owner_id: Option<UserId>,
}

/// Query of `GET /api/v1/demands`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DemandQuery {
    /// One customer's demands.
    pub customer_id: Option<CustomerId>,
    /// Handled by this user.
    pub owner_id: Option<UserId>,
    /// In this status.
    pub status: Option<DemandStatus>,
    /// Of this priority.
    pub priority: Option<Priority>,
    /// Only those past their deadline without a response.
    pub overdue: Option<bool>,
    /// Page size (1–200, default 20).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 100)]
    pub cursor: Option<String>,
}

/// Query of `GET /api/v1/demands/summary`: the list's filters, but the status, whose counts are the
/// answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DemandSummaryQuery {
    /// One customer's demands.
    pub customer_id: Option<CustomerId>,
    /// Handled by this user.
    pub owner_id: Option<UserId>,
    /// Of this priority.
    pub priority: Option<Priority>,
    /// Only those past their deadline without a response.
    pub overdue: Option<bool>,
}

/// How many demands the caller sees, per status: the columns of the demand board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DemandSummary {
    /// Every status in workflow order, with 0 for an empty one.
    pub by_status: Vec<DemandStatusCount>,
    /// Past their deadline without a response (among all statuses).
    pub overdue: u64,
    /// All of them.
    pub total: u64,
}

/// The demands in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DemandStatusCount {
    /// The status.
    pub status: DemandStatus,
    /// How many.
    pub count: u64,
}

/// Body of `POST /api/v1/demands/{id}/tasks`: a step of the demand's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// What to do.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Who does it (default: the demand's owner).
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// By when.
    pub planned_finish: NaiveDate,
}
