//! Which tasks the modules that are on show. A step of a demand's plan belongs to the demands module
//! and a follow-up's to-do to the follow-ups module; a to-do of a follow-up about a demand belongs to
//! both and shows while either is on. `/api/v1/tasks` itself answers while either module is on.

use crm_types::access::ModuleKey;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use crate::entities::tasks;
use crate::error::ApiResult;
use crate::modules;

/// The condition on `tasks` that keeps those of modules that are on.
pub async fn shown(db: &impl ConnectionTrait) -> ApiResult<Condition> {
    let on = modules::enabled(db).await?;
    let mut shown = Condition::any()
        // A task of neither kind (none is made so today) shows wherever the task routes answer.
        .add(Condition::all().add(tasks::Column::DemandId.is_null()).add(tasks::Column::FollowupId.is_null()));
    if on.contains(&ModuleKey::Demands) {
        shown = shown.add(tasks::Column::DemandId.is_not_null());
    }
    if on.contains(&ModuleKey::Followups) {
        shown = shown.add(tasks::Column::FollowupId.is_not_null());
    }
    Ok(shown)
}
