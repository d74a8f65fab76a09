//! Exports: made by users with `customer.export`, each private to the user who started it. The rows
//! an export holds come from the customer policy's scope (`policy::customers::CustomerScope`).

use crm_types::access::Permission;
use crm_types::{ExportId, UserId};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::Visible;
use crate::auth::Caller;
use crate::entities::export_jobs;
use crate::error::{ApiError, ApiResult};

/// The user an export is made for: 403 without `customer.export`, or for an API key.
pub fn exporter(caller: &Caller) -> ApiResult<UserId> {
    caller.require(Permission::CustomerExport)?;
    caller.user().map(|u| UserId(u.id)).ok_or_else(|| ApiError::UsersOnly("Exports are made by users.".into()))
}

/// The caller's export `id`: 403 without `customer.export`, 404 for anyone else's.
pub async fn own(db: &impl ConnectionTrait, caller: &Caller, id: ExportId) -> ApiResult<Visible<export_jobs::Model>> {
    caller.require(Permission::CustomerExport)?;
    let user_id = caller.user().map(|u| u.id);
    export_jobs::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|row| Some(row.created_by) == user_id)
        .map(Visible)
        .ok_or_else(|| ApiError::NotFound(format!("There is no export {id}.")))
}
