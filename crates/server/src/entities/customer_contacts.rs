//! A contact person at a customer.

use sea_orm::entity::prelude::*;

/// A row of `customer_contacts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    pub position: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub decision_role: Option<String>,
    /// `active` or `left`.
    pub status: String,
    pub is_primary: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// Relations of `customer_contacts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
