//! Which tasks a caller sees and changes. A task is seen by those who see its customer at the demand
//! scope and by its owner wherever it is, among the tasks of the modules that are on. It is changed by
//! its owner, or by a holder of `demand.create` with edit rights over its customer (the demand's team);
//! a view collaborator changes none.

use crm_types::TaskId;
use crm_types::access::Permission;
use sea_orm::ConnectionTrait;

use super::demands::DemandScope;
use super::{Editable, Visible};
use crate::auth::Caller;
use crate::entities::tasks;
use crate::error::{ApiError, ApiResult};

/// The caller's view of the tasks, narrowed to those of the modules that are on.
pub async fn scope(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<DemandScope> {
    Ok(DemandScope::of(db, caller).await?.showing_tasks(crate::tasks::origins::shown(db).await?))
}

/// A task the caller sees, or 404.
pub async fn visible(db: &impl ConnectionTrait, caller: &Caller, id: TaskId) -> ApiResult<Visible<tasks::Model>> {
    Ok(Visible(scope(db, caller).await?.find_task(db, id.0).await?))
}

/// A task the caller may change: its owner, or the demand's team. 404 unseen, 403 otherwise.
pub async fn editable(db: &impl ConnectionTrait, caller: &Caller, id: TaskId) -> ApiResult<Editable<tasks::Model>> {
    let me = caller.user().map(|u| u.id).ok_or_else(|| ApiError::UsersOnly("Tasks are updated by users.".into()))?;
    let scope = scope(db, caller).await?;
    let row = scope.find_task(db, id.0).await?;
    if row.owner_id != me {
        caller.require(Permission::DemandCreate)?;
        if !scope.customers.edits(db, row.customer_id).await? {
            return Err(ApiError::ViewOnly("Only the task's owner or the demand's team updates it.".into()));
        }
    }
    Ok(Editable(row))
}
