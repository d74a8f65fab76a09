//! Follow-ups (跟进记录): what a rep did with a customer, what came of it, and what happens next.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::notification::Channel;
use crate::task::TaskSummary;
use crate::{ContactId, CustomerId, DemandId, FollowupId, UserId};

/// Where a follow-up is in the manager's review (审核).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Waiting for the manager.
    Pending,
    /// Approved; the record is closed to edits.
    Approved,
    /// Sent back with a comment; the author edits it and it waits again.
    Returned,
}

impl ReviewStatus {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Returned => "returned",
        }
    }

    /// The status stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Returned].into_iter().find(|s| s.as_str() == text)
    }
}

/// A user shown by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserRef {
    /// The user.
    pub id: UserId,
    /// Their display name.
    pub name: String,
}

/// A customer's contact shown by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactRef {
    /// The contact.
    pub id: ContactId,
    /// Their name.
    pub name: String,
}

/// A follow-up record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Followup {
    /// The id.
    pub id: FollowupId,
    /// The customer.
    pub customer_id: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// Who wrote it.
    pub author: UserRef,
    /// When it happened (to the minute).
    pub occurred_at: DateTime<Utc>,
    /// `followup_type` code (电话, 拜访, 邮件, 线上会议, 客户活动, 节日关怀).
    pub kind: String,
    /// 跟进主题.
    pub topic: String,
    /// 跟进内容.
    pub summary: String,
    /// 客户反馈.
    pub feedback: Option<String>,
    /// The customer's contacts involved.
    pub contacts: Vec<ContactRef>,
    /// The colleagues who took part.
    pub participants: Vec<UserRef>,
    /// The sales stage before, when this follow-up moved it.
    pub stage_from: Option<String>,
    /// The sales stage it moved to.
    pub stage_to: Option<String>,
    /// When to follow up next.
    pub next_followup_at: Option<DateTime<Utc>>,
    /// How to be reminded of the next follow-up.
    pub next_channels: Vec<Channel>,
    /// The demand it is about.
    pub demand_id: Option<DemandId>,
    /// The to-dos it produced, as tasks.
    pub tasks: Vec<TaskSummary>,
    /// The review.
    pub review_status: ReviewStatus,
    /// Who reviewed it.
    pub reviewer: Option<UserRef>,
    /// When.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The reviewer's comment.
    pub review_comment: Option<String>,
    /// The version, for `If-Match`.
    pub version: i32,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A to-do of a new follow-up: it becomes a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTodo {
    /// What to do.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Who does it (default: the author).
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// By when.
    pub planned_finish: NaiveDate,
}

/// Body of `POST /api/v1/followups`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFollowup {
    /// The customer.
    pub customer_id: CustomerId,
    /// When it happened (not in the future); seconds are dropped.
    pub occurred_at: DateTime<Utc>,
    /// `followup_type` code.
    #[schema(min_length = 1, max_length = 40)]
    pub kind: String,
    /// 跟进主题.
    #[schema(min_length = 1, max_length = 200)]
    pub topic: String,
    /// 跟进内容: not blank.
    #[schema(min_length = 1, max_length = 5000)]
    pub summary: String,
    /// 客户反馈.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub feedback: Option<String>,
    /// The customer's contacts involved.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub contact_ids: Vec<ContactId>,
    /// Colleagues who took part.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub participant_ids: Vec<UserId>,
    /// Move the customer to this sales stage; the follow-up is the reason in the stage history.
    #[serde(default)]
    pub stage_to: Option<String>,
    /// When to follow up next (in the future).
    #[serde(default)]
    pub next_followup_at: Option<DateTime<Utc>>,
    /// How to be reminded (default: in the app).
    #[serde(default)]
    pub next_channels: Vec<Channel>,
    /// To-dos that become tasks.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub todos: Vec<NewTodo>,
    /// The demand it is about (of the same customer).
    #[serde(default)]
    pub demand_id: Option<DemandId>,
}

/// Body of `PATCH /api/v1/followups/{id}` (with `If-Match`): the author corrects a pending or returned
/// follow-up; a returned one goes back to the review queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowupPatch {
    /// A new time.
    pub occurred_at: Option<DateTime<Utc>>,
    /// A new type.
    #[schema(min_length = 1, max_length = 40)]
    pub kind: Option<String>,
    /// A new topic.
    #[schema(min_length = 1, max_length = 200)]
    pub topic: Option<String>,
    /// A new summary.
    #[schema(min_length = 1, max_length = 5000)]
    pub summary: Option<String>,
    /// New feedback.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub feedback: Option<Option<String>>,
    /// New contacts involved (replace the old ones).
    #[schema(max_items = 50)]
    pub contact_ids: Option<Vec<ContactId>>,
    /// New participants (replace the old ones).
    #[schema(max_items = 50)]
    pub participant_ids: Option<Vec<UserId>>,
    /// A new next follow-up time.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub next_followup_at: Option<Option<DateTime<Utc>>>,
    /// New reminder channels.
    pub next_channels: Option<Vec<Channel>>,
}

/// A manager's decision on a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// 通过.
    Approve,
    /// 退回 (needs a comment).
    Return,
}

/// Body of `POST /api/v1/followups/{id}/review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// Approve or return.
    pub decision: ReviewDecision,
    /// The comment (required when returning).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
}

/// Query of `GET /api/v1/followups`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FollowupQuery {
    /// One customer's follow-ups.
    pub customer_id: Option<CustomerId>,
    /// Written by this user (`mine` in the SPA is the caller's id).
    pub author_id: Option<UserId>,
    /// In this review state (`pending` is the manager's queue).
    pub review_status: Option<ReviewStatus>,
    /// `followup_type` code.
    #[param(max_length = 40)]
    pub kind: Option<String>,
    /// Happened on or after this day (Asia/Shanghai).
    pub from: Option<NaiveDate>,
    /// Happened on or before this day.
    pub to: Option<NaiveDate>,
    /// Next follow-up on or after this day (Asia/Shanghai): "my follow-ups due today" is
    /// `author_id=me&next_from=today&next_to=today`.
    pub next_from: Option<NaiveDate>,
    /// Next follow-up on or before this day.
    pub next_to: Option<NaiveDate>,
    /// Only those written by others that the caller may review.
    pub reviewable: Option<bool>,
    /// Page size (1–200, default 20).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    #[param(max_length = 100)]
    pub cursor: Option<String>,
}
