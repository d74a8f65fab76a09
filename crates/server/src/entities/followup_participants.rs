//! The colleagues who took part in a follow-up (内部参与人).

use sea_orm::entity::prelude::*;

/// A row of `followup_participants`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "followup_participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub followup_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
}

/// Relations of `followup_participants`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
