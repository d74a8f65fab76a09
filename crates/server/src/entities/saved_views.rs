//! A saved view of a list.

use sea_orm::entity::prelude::*;

/// A row of `saved_views`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_views")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The list (`customers`).
    pub resource: String,
    /// The name, unique per owner and list.
    pub name: String,
    /// The list's query string without cursor and limit.
    #[sea_orm(column_type = "Text")]
    pub filters: String,
    /// The columns as a JSON list of names.
    #[sea_orm(column_type = "Text")]
    pub columns: String,
    /// The sort, or NULL for the list's default.
    pub sort: Option<String>,
    /// `private` or `department`.
    pub visibility: String,
    /// The owner.
    pub owner_id: i64,
    /// The department it is shared with (the owner's when shared); NULL when private.
    pub department_id: Option<i64>,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
    /// Updated at (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `saved_views`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
