//! Customer settings: the code format and what the duplicate check does.

use actix_web::{get, put, web};
use crm_domain::CodeFormat;
use crm_types::access::Permission;
use crm_types::settings::CustomerSettings;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, JsonBodyErrors};
use crate::state::AppState;
use crate::validation::Problems;
use crate::{db, system_settings};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_customer_settings).service(put_customer_settings);
}

/// Get the customer settings.
///
/// The customer code format and whether the duplicate check warns or blocks.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings.", body = CustomerSettings), AuthErrors)
)]
#[get("/settings/customers")]
pub async fn get_customer_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<CustomerSettings>> {
    caller.require(Permission::AdminSettings)?;
    Ok(web::Json(system_settings::customers(&state.db).await?))
}

/// Change the customer settings.
///
/// A new code format applies to customers created from now on; existing codes never change. The
/// format must contain `{seq:N}`.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = CustomerSettings,
    responses((status = 200, description = "Saved.", body = CustomerSettings), AuthErrors, JsonBodyErrors)
)]
#[put("/settings/customers")]
pub async fn put_customer_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CustomerSettings>,
) -> ApiResult<web::Json<CustomerSettings>> {
    caller.require(Permission::AdminSettings)?;
    let mut problems = Problems::default();
    let format = body.code_format.trim();
    match CodeFormat::parse(format) {
        Ok(parsed) if parsed.as_str().chars().count() <= 60 => {}
        Ok(_) => problems.add("code_format", "too_long", "must be at most 60 characters"),
        Err(error) => problems.add("code_format", error.code, &error.message),
    }
    problems.finish()?;
    let settings = CustomerSettings { code_format: format.to_owned(), duplicate_mode: body.duplicate_mode };
    let txn = db::begin_write(&state.db).await?;
    let before = system_settings::customers(&txn).await?;
    system_settings::set_customers(&txn, &settings).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("settings.customers", "settings", "customers")
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&settings)?),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(settings))
}
