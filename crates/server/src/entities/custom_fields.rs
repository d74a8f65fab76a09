//! A custom field definition.

use sea_orm::entity::prelude::*;

/// A row of `custom_fields`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_fields")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The key customers carry the value under.
    pub key: String,
    /// The zh-CN label.
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
    /// The snake_case type name.
    pub field_type: String,
    /// Whether new customers must have a value.
    pub required: bool,
    /// The default value as JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub default_value: Option<String>,
    /// The options as a JSON list.
    #[sea_orm(column_type = "Text")]
    pub options: String,
    /// Position.
    pub sort_order: i32,
    /// Whether it takes new values.
    pub is_active: bool,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
    /// Updated at (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `custom_fields`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
