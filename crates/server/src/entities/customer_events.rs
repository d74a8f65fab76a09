//! Something that happened to a customer: the history behind its timeline (stage changes with their
//! reasons, handovers, contacts…).

use sea_orm::entity::prelude::*;

/// A row of `customer_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub kind: String,
    pub field: Option<String>,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

/// Relations of `customer_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
