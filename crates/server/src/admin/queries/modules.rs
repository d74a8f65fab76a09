//! The module switches as administrators see them (read through `modules`, which every module's
//! gate shares).

use crm_types::admin::ModuleState;
use sea_orm::ConnectionTrait;

use crate::error::ApiResult;
use crate::policy::admin::{Admin, Modules};

/// Every module and whether it is on.
pub async fn list(db: &impl ConnectionTrait, _: &Admin<Modules>) -> ApiResult<Vec<ModuleState>> {
    let states = crate::modules::states(db).await?;
    Ok(states.into_iter().map(|(key, enabled)| ModuleState { key, enabled }).collect())
}
