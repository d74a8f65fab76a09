//! Dictionaries: seeding the defaults and reading values.

pub mod seed;

use chrono::Utc;
use crm_types::dictionary::{DictionaryItem, DictionaryKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::entities::dictionary_items;

/// The wire form of a value.
pub fn to_dto(kind: DictionaryKind, row: &dictionary_items::Model) -> DictionaryItem {
    DictionaryItem {
        id: row.id,
        kind,
        code: row.code.clone(),
        label_zh: row.label_zh.clone(),
        label_en: row.label_en.clone(),
        parent_code: row.parent_code.clone(),
        sort_order: row.sort_order,
        is_active: row.is_active,
    }
}

/// Every value of `kind`, in order.
pub async fn values(
    db: &impl ConnectionTrait,
    kind: DictionaryKind,
) -> Result<Vec<dictionary_items::Model>, sea_orm::DbErr> {
    dictionary_items::Entity::find()
        .filter(dictionary_items::Column::Kind.eq(kind.as_str()))
        .order_by_asc(dictionary_items::Column::SortOrder)
        .order_by_asc(dictionary_items::Column::Id)
        .all(db)
        .await
}

/// Inserts the seeded values that are missing (by kind and code); edited ones are kept as they are.
pub async fn ensure_seeded(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let existing: std::collections::HashSet<(String, String)> =
        dictionary_items::Entity::find().all(db).await?.into_iter().map(|row| (row.kind, row.code)).collect();
    let now = Utc::now();
    for (position, (kind, code, zh, en, parent)) in seed::seeds().into_iter().enumerate() {
        if existing.contains(&(kind.to_owned(), code.to_owned())) {
            continue;
        }
        dictionary_items::ActiveModel {
            kind: Set(kind.to_owned()),
            code: Set(code.to_owned()),
            label_zh: Set(zh.to_owned()),
            label_en: Set(en.to_owned()),
            parent_code: Set(parent.map(str::to_owned)),
            sort_order: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
