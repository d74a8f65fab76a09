//! Module switches.

use actix_web::{get, put, web};
use chrono::Utc;
use crm_types::access::{ModuleKey, Permission};
use crm_types::admin::{ModuleState, ModuleSwitch};
use sea_orm::EntityTrait;
use sea_orm::Set;
use sea_orm::sea_query::OnConflict;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db;
use crate::entities::modules;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(switch);
}

/// List modules.
///
/// Every module and whether it is switched on.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The modules.", body = Vec<ModuleState>), AuthErrors)
)]
#[get("/modules")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ModuleState>>> {
    caller.require(Permission::AdminModules)?;
    let states = crate::modules::states(&state.db).await?;
    Ok(web::Json(states.into_iter().map(|(key, enabled)| ModuleState { key, enabled }).collect()))
}

/// Switch a module on or off.
///
/// A module switched off disappears: its API answers 404 and its pages leave the navigation. Its data
/// is kept and returns when it is switched on again.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("key" = ModuleKey, Path, description = "The module.")),
    request_body = ModuleSwitch,
    responses((status = 200, description = "Switched.", body = ModuleState), AuthErrors, BadParameters, JsonBodyErrors)
)]
#[put("/modules/{key}")]
pub async fn switch(
    state: web::Data<AppState>,
    caller: Caller,
    key: web::Path<ModuleKey>,
    body: web::Json<ModuleSwitch>,
) -> ApiResult<web::Json<ModuleState>> {
    caller.require(Permission::AdminModules)?;
    let key = key.into_inner();
    let txn = db::begin_write(&state.db).await?;
    modules::Entity::insert(modules::ActiveModel {
        key: Set(key.as_str().to_owned()),
        enabled: Set(body.enabled),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(modules::Column::Key)
            .update_columns([modules::Column::Enabled, modules::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    let mut change = Change::new("module.switch", "module", key.as_str());
    change.after = Some(serde_json::json!({ "enabled": body.enabled }));
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(web::Json(ModuleState { key, enabled: body.enabled }))
}
