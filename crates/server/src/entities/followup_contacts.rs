//! The customer's contacts a follow-up involved.

use sea_orm::entity::prelude::*;

/// A row of `followup_contacts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "followup_contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub followup_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub contact_id: i64,
}

/// Relations of `followup_contacts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The contact.
    #[sea_orm(
        belongs_to = "super::customer_contacts::Entity",
        from = "Column::ContactId",
        to = "super::customer_contacts::Column::Id"
    )]
    Contact,
}

impl ActiveModelBehavior for ActiveModel {}
