//! User accounts as administrators read them.

use crm_types::admin::User;
use crm_types::{DepartmentId, RoleId, UserId};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};

use crate::entities::users;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Users};

/// The wire form of a user.
pub fn to_dto(row: &users::Model) -> User {
    User {
        id: UserId(row.id),
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        email: row.email.clone(),
        mobile: row.mobile.clone(),
        department_id: row.department_id.map(DepartmentId),
        role_id: RoleId(row.role_id),
        is_active: row.is_active,
        must_change_password: row.must_change_password,
        last_login_at: row.last_login_at,
        created_at: row.created_at,
    }
}

/// The row of user `id`, or 404 (for the service, which holds the proof already).
pub(in crate::admin) async fn find(db: &impl ConnectionTrait, id: UserId) -> ApiResult<users::Model> {
    let id = id.0;
    users::Entity::find_by_id(id).one(db).await?.ok_or_else(|| ApiError::NotFound(format!("There is no user {id}.")))
}

/// Every account, active or disabled, ordered by username.
pub async fn list(db: &impl ConnectionTrait, _: &Admin<Users>) -> ApiResult<Vec<User>> {
    let rows = users::Entity::find().order_by_asc(users::Column::Username).all(db).await?;
    Ok(rows.iter().map(to_dto).collect())
}

/// One account, or 404.
pub async fn get(db: &impl ConnectionTrait, _: &Admin<Users>, id: UserId) -> ApiResult<User> {
    Ok(to_dto(&find(db, id).await?))
}
