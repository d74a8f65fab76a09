//! Module switches.

use actix_web::{get, put, web};
use crm_types::access::ModuleKey;
use crm_types::admin::{ModuleState, ModuleSwitch};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::modules as queries;
use crate::admin::service::modules;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors};
use crate::policy::admin::{self, Modules};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(switch);
}

/// List modules.
///
/// Every module and whether it is switched on.
#[utoipa::path(
    operation_id = crm_types::api::ListModules::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The modules.", body = Vec<ModuleState>), AuthErrors)
)]
#[get("/modules")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ModuleState>>> {
    let right = admin::grant::<Modules>(&caller)?;
    Ok(web::Json(queries::list(&state.db, &right).await?))
}

/// Switch a module on or off.
///
/// A module switched off disappears: its API answers 404 and its pages leave the navigation. Its data
/// is kept and returns when it is switched on again.
#[utoipa::path(
    operation_id = crm_types::api::SwitchModule::ID,
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
    let right = admin::grant::<Modules>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let switched = modules::switch(&txn, &caller, &right, key.into_inner(), body.enabled, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(switched))
}
