//! A module switch; a module without a row is on.

use sea_orm::entity::prelude::*;

/// A row of `modules`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "modules")]
pub struct Model {
    /// The module's snake_case key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Whether it is on.
    pub enabled: bool,
    /// When it was last switched.
    pub updated_at: DateTimeUtc,
}

/// Relations of `modules`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
