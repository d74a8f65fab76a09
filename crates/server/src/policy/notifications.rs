//! Notifications belong to the user they were raised for: only that user reads them, marks them read
//! and sets how they are delivered. An API key has no bell.

use crm_types::NotificationId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::Editable;
use crate::auth::Caller;
use crate::entities::{notifications, users};
use crate::error::{ApiError, ApiResult};

/// The user whose bell the caller opens: 403 for an API key.
pub fn recipient(caller: &Caller) -> ApiResult<&users::Model> {
    caller.user().ok_or_else(|| ApiError::UsersOnly("Notifications belong to users, not API keys.".into()))
}

/// The caller's notification `id` (404 for anyone else's).
pub async fn own(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: NotificationId,
) -> ApiResult<Editable<notifications::Model>> {
    let user = recipient(caller)?.id;
    notifications::Entity::find_by_id(id.0)
        .filter(notifications::Column::UserId.eq(user))
        .one(db)
        .await?
        .map(Editable)
        .ok_or_else(|| ApiError::NotFound(format!("There is no notification {id}.")))
}
