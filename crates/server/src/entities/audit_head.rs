//! The single row that holds the newest audit entry's id and hash.

use sea_orm::entity::prelude::*;

/// The row of `audit_head` (id 1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_head")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The newest entry's id (0 before the first).
    pub last_id: i64,
    /// The newest entry's hash (64 zeros before the first).
    pub last_hash: String,
}

/// Relations of `audit_head`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
