//! How a user wants to be reached besides the bell.

use sea_orm::entity::prelude::*;

/// A row of `notification_preferences`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub channels: String,
    pub im_kind: Option<String>,
    pub im_webhook: Option<String>,
    pub updated_at: DateTimeUtc,
}

/// Relations of `notification_preferences`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
