//! The caller's mapping templates.

use crm_types::UserId;
use crm_types::import::{ImportTarget, ImportTemplate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::import_templates;
use crate::error::ApiResult;

/// The wire form.
pub fn to_dto(row: &import_templates::Model) -> ImportTemplate {
    ImportTemplate {
        id: crm_types::ImportTemplateId(row.id),
        name: row.name.clone(),
        target: ImportTarget::Customer,
        mapping: serde_json::from_str(&row.mapping).unwrap_or_default(),
        owner_id: UserId(row.owner_id),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The templates of `user`, by name.
pub async fn mine(db: &impl ConnectionTrait, user: UserId) -> ApiResult<Vec<ImportTemplate>> {
    let rows = import_templates::Entity::find()
        .filter(import_templates::Column::OwnerId.eq(user.0))
        .order_by_asc(import_templates::Column::Name)
        .all(db)
        .await?;
    Ok(rows.iter().map(to_dto).collect())
}
