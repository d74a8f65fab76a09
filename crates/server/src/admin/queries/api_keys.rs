//! API keys as administrators read them: never with their secret.

use crm_types::admin::ApiKey;
use crm_types::{ApiKeyId, RoleId};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::entities::api_keys;
use crate::error::ApiResult;
use crate::policy::admin::{Admin, ApiKeys};

/// The wire form of a key (no secret: only its hash is stored).
pub fn to_dto(row: &api_keys::Model) -> ApiKey {
    ApiKey {
        id: ApiKeyId(row.id),
        name: row.name.clone(),
        prefix: row.prefix.clone(),
        role_id: RoleId(row.role_id),
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
        created_at: row.created_at,
    }
}

/// Every key, newest first.
pub async fn list(db: &impl ConnectionTrait, _: &Admin<ApiKeys>) -> ApiResult<Vec<ApiKey>> {
    let rows = api_keys::Entity::find().order_by_desc(api_keys::Column::Id).all(db).await?;
    Ok(rows.iter().map(to_dto).collect())
}
