//! Switching a module on or off. Its data is kept while it is off.

use chrono::{DateTime, Utc};
use crm_types::access::ModuleKey;
use crm_types::admin::ModuleState;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::entities::modules;
use crate::error::ApiResult;
use crate::policy::admin::{Admin, Modules};

/// Stores module `key`'s switch.
pub async fn switch(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Modules>,
    key: ModuleKey,
    enabled: bool,
    now: DateTime<Utc>,
) -> ApiResult<ModuleState> {
    modules::Entity::insert(modules::ActiveModel {
        key: Set(key.as_str().to_owned()),
        enabled: Set(enabled),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(modules::Column::Key)
            .update_columns([modules::Column::Enabled, modules::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(txn)
    .await?;
    let mut change = Change::new("module.switch", "module", key.as_str());
    change.after = Some(serde_json::json!({ "enabled": enabled }));
    audit::record(txn, &caller.actor(), change).await?;
    Ok(ModuleState { key, enabled })
}
