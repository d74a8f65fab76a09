//! The audit log: who did what to which record, when, from where, with the before/after diff.

use crate::ids::AuditEntryId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A signed-in user.
    User,
    /// An integration through an API key.
    ApiKey,
    /// The server itself (scheduled jobs, start-up).
    System,
    /// Nobody identified (a failed sign-in).
    Anonymous,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// The id; entries are numbered in order.
    pub id: AuditEntryId,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// Who acted.
    pub actor_kind: ActorKind,
    /// The acting user's or API key's id.
    pub actor_id: Option<i64>,
    /// The actor's name at the time.
    pub actor_name: String,
    /// The client's IP address.
    pub ip: Option<String>,
    /// What was done (`user.create`, `auth.login_failed`, `role.update`…).
    pub action: String,
    /// The kind of record (`user`, `role`, `customer`…).
    pub entity_type: String,
    /// The record's id.
    pub entity_id: Option<String>,
    /// The changed fields before the change.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The changed fields after the change.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

/// Filters of `GET /api/v1/admin/audit-log`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries of this actor (a user or API key id).
    pub actor_id: Option<i64>,
    /// Only entries about this kind of record.
    #[param(max_length = 50)]
    pub entity_type: Option<String>,
    /// Only entries about this record.
    #[param(max_length = 50)]
    pub entity_id: Option<String>,
    /// Only this action.
    #[param(max_length = 50)]
    pub action: Option<String>,
    /// Only entries at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only entries before this time.
    pub to: Option<DateTime<Utc>>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// Entries older than this id (from the previous page's `next_cursor`).
    pub cursor: Option<i64>,
}

/// The result of checking the hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditVerification {
    /// True when every entry's hash matches its content and its predecessor.
    pub intact: bool,
    /// How many entries were checked.
    pub checked: u64,
    /// The first entry whose hash does not match, if any.
    pub first_broken_id: Option<i64>,
}
