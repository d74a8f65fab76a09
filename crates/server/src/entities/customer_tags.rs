//! A tag on a customer.

use sea_orm::entity::prelude::*;

/// A row of `customer_tags`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_tags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: i64,
    /// A `tag` dictionary code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
}

/// Relations of `customer_tags`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
