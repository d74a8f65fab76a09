//! One customer of a handover, with its previous owner.

use sea_orm::entity::prelude::*;

/// A row of `customer_handover_items`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_handover_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub handover_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: i64,
    pub from_user_id: Option<i64>,
}

/// Relations of `customer_handover_items`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
