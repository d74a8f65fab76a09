//! The working-day calendar's exceptions: public holidays and make-up working days (调休).

use sea_orm::entity::prelude::*;

/// A row of `calendar_days`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub kind: String,
    pub name: String,
    pub updated_at: DateTimeUtc,
}

/// Relations of `calendar_days`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
