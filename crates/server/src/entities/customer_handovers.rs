//! A handover (客户交接): customers moved to a new owner at once, with the reason.

use sea_orm::entity::prelude::*;

/// A row of `customer_handovers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_handovers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub to_user_id: i64,
    pub by_user_id: Option<i64>,
    pub reason: String,
    pub customer_count: i32,
    pub created_at: DateTimeUtc,
}

/// Relations of `customer_handovers`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
