//! Reads of custom fields: the definitions (every signed-in user reads them; the SPA builds its forms
//! from them) and `filter`, the list filter `cf=key:value` over customers' values.

pub mod filter;

use crm_types::custom_field::CustomField;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use super::wire::to_dto;
use crate::entities::custom_fields;

/// Every definition, in display order.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<custom_fields::Model>, sea_orm::DbErr> {
    custom_fields::Entity::find()
        .order_by_asc(custom_fields::Column::SortOrder)
        .order_by_asc(custom_fields::Column::Id)
        .all(db)
        .await
}

/// Every definition in wire form, in display order.
pub async fn definitions(db: &impl ConnectionTrait) -> Result<Vec<CustomField>, sea_orm::DbErr> {
    Ok(all(db).await?.iter().map(to_dto).collect())
}
