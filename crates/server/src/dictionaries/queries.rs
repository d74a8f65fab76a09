//! Reads of dictionaries.

use crm_types::dictionary::{DictionaryItem, DictionaryKind};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::dictionary_items;

/// The wire form of a value.
pub fn to_dto(kind: DictionaryKind, row: &dictionary_items::Model) -> DictionaryItem {
    DictionaryItem {
        id: crm_types::DictionaryItemId(row.id),
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

/// Every value of `kind` in wire form, in order, disabled ones included.
pub async fn items(db: &impl ConnectionTrait, kind: DictionaryKind) -> Result<Vec<DictionaryItem>, sea_orm::DbErr> {
    Ok(values(db, kind).await?.iter().map(|row| to_dto(kind, row)).collect())
}
