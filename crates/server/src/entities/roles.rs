//! A role. Its rules are JSON documents read and written through `crm_types::admin::Role`.

use sea_orm::entity::prelude::*;

/// A row of `roles`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roles")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The stable code.
    pub code: String,
    /// The name.
    pub name: String,
    /// The description.
    pub description: String,
    /// Seeded roles cannot be deleted.
    pub is_system: bool,
    /// JSON array of permission names.
    pub permissions: String,
    /// JSON object: resource → scope.
    pub data_scopes: String,
    /// JSON object: resource → field → access.
    pub field_rules: String,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
    /// Updated at (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `roles`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
