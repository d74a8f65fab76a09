//! Settings: the customer code format and what the duplicate check does; when idle customers are
//! reminded of.

use actix_web::{get, put, web};
use crm_types::settings::{CustomerSettings, ReminderSettings};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::settings as queries;
use crate::admin::service::settings;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, JsonBodyErrors};
use crate::policy::admin::{self, Settings};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_customer_settings)
        .service(put_customer_settings)
        .service(get_reminder_settings)
        .service(put_reminder_settings);
}

/// Get the customer settings.
///
/// The customer code format and whether the duplicate check warns or blocks.
#[utoipa::path(
    operation_id = crm_types::api::GetCustomerSettings::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings.", body = CustomerSettings), AuthErrors)
)]
#[get("/settings/customers")]
pub async fn get_customer_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<CustomerSettings>> {
    let right = admin::grant::<Settings>(&caller)?;
    Ok(web::Json(queries::customers(&state.db, &right).await?))
}

/// Change the customer settings.
///
/// A new code format applies to customers created from now on; existing codes never change. The
/// format must contain `{seq:N}`.
#[utoipa::path(
    operation_id = crm_types::api::UpdateCustomerSettings::ID,
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
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let saved = settings::set_customers(&txn, &caller, &right, &body).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Get the reminder settings.
///
/// After how many days without a follow-up the owner of a customer of each grade is reminded.
#[utoipa::path(
    operation_id = crm_types::api::GetReminderSettings::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings.", body = ReminderSettings), AuthErrors)
)]
#[get("/settings/reminders")]
pub async fn get_reminder_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<ReminderSettings>> {
    let right = admin::grant::<Settings>(&caller)?;
    Ok(web::Json(queries::reminders(&state.db, &right).await?))
}

/// Change the reminder settings.
///
/// Grades are `S`, `A`, `B` and `C`; each takes 1 to 365 days; a grade left out is not watched.
#[utoipa::path(
    operation_id = crm_types::api::UpdateReminderSettings::ID,
    tag = "admin",
    security(("bearer" = [])),
    request_body = ReminderSettings,
    responses((status = 200, description = "Saved.", body = ReminderSettings), AuthErrors, JsonBodyErrors)
)]
#[put("/settings/reminders")]
pub async fn put_reminder_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ReminderSettings>,
) -> ApiResult<web::Json<ReminderSettings>> {
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let saved = settings::set_reminders(&txn, &caller, &right, body.into_inner()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}
