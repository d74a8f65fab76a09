//! Roles with their permission matrix, in wire form (`auth::roles::to_dto`, which the reference data
//! shares).

use crm_types::RoleId;
use crm_types::admin::Role;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::auth::roles::to_dto;
use crate::entities::roles;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, RoleChoices, Roles};

/// The row of role `id`, or 404 (for the service, which holds the proof already).
pub(in crate::admin) async fn find(db: &impl ConnectionTrait, id: RoleId) -> ApiResult<roles::Model> {
    let id = id.0;
    roles::Entity::find_by_id(id).one(db).await?.ok_or_else(|| ApiError::NotFound(format!("There is no role {id}.")))
}

/// Every role with its permissions, data scopes and field rules, by id.
pub async fn list(db: &impl ConnectionTrait, _: &Admin<RoleChoices>) -> ApiResult<Vec<Role>> {
    let rows = roles::Entity::find().order_by_asc(roles::Column::Id).all(db).await?;
    Ok(rows.iter().map(to_dto).collect())
}

/// One role, or 404.
pub async fn get(db: &impl ConnectionTrait, _: &Admin<Roles>, id: RoleId) -> ApiResult<Role> {
    Ok(to_dto(&find(db, id).await?))
}
