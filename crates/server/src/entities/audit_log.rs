//! An audit entry, chained to its predecessor by hash.

use sea_orm::entity::prelude::*;

/// A row of `audit_log`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// The id, in append order.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// When (UTC).
    pub occurred_at: DateTimeUtc,
    /// `user`, `api_key`, `system` or `anonymous`.
    pub actor_kind: String,
    /// The user or API key id.
    pub actor_id: Option<i64>,
    /// The actor's name at the time.
    pub actor_name: String,
    /// The client address.
    pub ip: Option<String>,
    /// What was done.
    pub action: String,
    /// The kind of record.
    pub entity_type: String,
    /// The record's id.
    pub entity_id: Option<String>,
    /// JSON of the changed fields before.
    pub before: Option<String>,
    /// JSON of the changed fields after.
    pub after: Option<String>,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this entry's content.
    pub hash: String,
}

/// Relations of `audit_log`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
