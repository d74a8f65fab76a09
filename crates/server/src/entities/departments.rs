//! A department, a node of the organisation tree.

use sea_orm::entity::prelude::*;

/// A row of `departments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departments")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The name.
    pub name: String,
    /// The parent, if any.
    pub parent_id: Option<i64>,
    /// The ids from the root down to this one, `/1/4/9/`.
    pub path: String,
    /// Position among siblings.
    pub sort_order: i32,
    /// Whether new users may join.
    pub is_active: bool,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
    /// Updated at (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `departments`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
