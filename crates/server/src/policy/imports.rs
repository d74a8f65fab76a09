//! Imports are run by users with `customer.import` and `customer.create` (an import creates
//! customers, and keeps checking its user's rights as it does); each job and each mapping template is
//! private to its user: anyone else's is 404.

use crm_types::access::Permission;
use crm_types::{ImportId, ImportTemplateId, UserId};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::{Editable, Visible};
use crate::auth::Caller;
use crate::entities::{import_jobs, import_templates};
use crate::error::{ApiError, ApiResult};

/// The user behind an import request: 403 without `customer.import` and `customer.create`, or for an
/// API key (a job acts for a user, whose rights it keeps checking).
pub fn importer(caller: &Caller) -> ApiResult<UserId> {
    caller.require(Permission::CustomerImport)?;
    caller.require(Permission::CustomerCreate)?;
    caller.user().map(|u| UserId(u.id)).ok_or_else(|| ApiError::UsersOnly("Imports are run by users.".into()))
}

/// The caller's job `id`, or 404.
async fn own_job(db: &impl ConnectionTrait, caller: &Caller, id: ImportId) -> ApiResult<import_jobs::Model> {
    let user = importer(caller)?;
    import_jobs::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|job| job.created_by == user.0)
        .ok_or_else(|| ApiError::NotFound(format!("There is no import {id}.")))
}

/// The caller's import job `id` to read (404 for anyone else's).
pub async fn job(db: &impl ConnectionTrait, caller: &Caller, id: ImportId) -> ApiResult<Visible<import_jobs::Model>> {
    own_job(db, caller, id).await.map(Visible)
}

/// The caller's import job `id` to change: its options, its passes, cancelling it (404 for anyone
/// else's).
pub async fn editable_job(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: ImportId,
) -> ApiResult<Editable<import_jobs::Model>> {
    own_job(db, caller, id).await.map(Editable)
}

/// The caller's mapping template `id` (404 for anyone else's).
pub async fn template(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: ImportTemplateId,
) -> ApiResult<Editable<import_templates::Model>> {
    let user = importer(caller)?;
    import_templates::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|t| t.owner_id == user.0)
        .map(Editable)
        .ok_or_else(|| ApiError::NotFound(format!("There is no import template {id}.")))
}
