//! Reads of the staff directory.

use crm_types::access::Permission;
use crm_types::admin::Colleague;
use crm_types::{DepartmentId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::users;
use crate::error::ApiResult;
use crate::reference::Reference;

/// Every active user with their name and department, ordered by name; `reference` tells whose role
/// may own customers.
pub async fn colleagues(db: &impl ConnectionTrait, reference: &Reference) -> ApiResult<Vec<Colleague>> {
    let rows = users::Entity::find()
        .filter(users::Column::IsActive.eq(true))
        .order_by_asc(users::Column::DisplayName)
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|u| Colleague {
            id: UserId(u.id),
            display_name: u.display_name,
            department_id: u.department_id.map(DepartmentId),
            holds_customers: reference
                .role(u.role_id)
                .is_some_and(|(_, access)| access.permissions.contains(&Permission::CustomerCreate)),
        })
        .collect())
}
