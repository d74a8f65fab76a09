//! A dictionary value.

use sea_orm::entity::prelude::*;

/// A row of `dictionary_items`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dictionary_items")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The dictionary's snake_case name.
    pub kind: String,
    /// The stable code.
    pub code: String,
    /// The zh-CN label.
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
    /// The parent value's code.
    pub parent_code: Option<String>,
    /// Position.
    pub sort_order: i32,
    /// Whether it can be chosen.
    pub is_active: bool,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
    /// Updated at (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `dictionary_items`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
