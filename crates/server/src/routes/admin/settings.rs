//! Settings: the customer code format and what the duplicate check does; when idle customers are
//! reminded of.

use actix_web::{get, put, web};
use crm_domain::CodeFormat;
use crm_types::access::Permission;
use crm_types::settings::{CustomerSettings, ReminderSettings};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, JsonBodyErrors};
use crate::state::AppState;
use crate::validation::Problems;
use crate::{db, system_settings};

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

/// Get the reminder settings.
///
/// After how many days without a follow-up the owner of a customer of each grade is reminded.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings.", body = ReminderSettings), AuthErrors)
)]
#[get("/settings/reminders")]
pub async fn get_reminder_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<ReminderSettings>> {
    caller.require(Permission::AdminSettings)?;
    Ok(web::Json(system_settings::reminders(&state.db).await?))
}

/// Change the reminder settings.
///
/// Grades are `S`, `A`, `B` and `C`; each takes 1 to 365 days; a grade left out is not watched.
#[utoipa::path(
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
    caller.require(Permission::AdminSettings)?;
    let mut problems = Problems::default();
    for (grade, days) in &body.idle_days {
        if !matches!(grade.as_str(), "S" | "A" | "B" | "C") {
            problems.add(&format!("idle_days.{grade}"), "unknown_grade", "grades are S, A, B and C");
        } else if !(1..=365).contains(days) {
            problems.add(&format!("idle_days.{grade}"), "out_of_range", "must be between 1 and 365 days");
        }
    }
    problems.finish()?;
    let txn = db::begin_write(&state.db).await?;
    let before = system_settings::reminders(&txn).await?;
    system_settings::set_reminders(&txn, &body).await?;
    let change = Change::new("settings.reminders", "settings", "reminders")
        .diff(&audit::snapshot(&before)?, &audit::snapshot(&*body)?);
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(web::Json(body.into_inner()))
}
