//! A collaborator (协作人) on a customer.

use sea_orm::entity::prelude::*;

/// A row of `customer_collaborators`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_collaborators")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// `view` or `edit`.
    pub access: String,
    pub created_at: DateTimeUtc,
}

/// Relations of `customer_collaborators`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
