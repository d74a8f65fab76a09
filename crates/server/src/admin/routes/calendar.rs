//! The working-day calendar (`/api/v1/admin/calendar`): public holidays and make-up working days that
//! response deadlines are counted over. Seeded from the State Council's schedule; administrators add
//! next year's in November and their company's own days off.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::NaiveDate;
use crm_types::calendar::{CalendarDay, CalendarDayInput, CalendarQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::calendar as queries;
use crate::admin::service::calendar;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, Settings};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_calendar).service(put_calendar_day).service(delete_calendar_day);
}

/// List a year's holidays and make-up working days.
///
/// The days that differ from the plain Monday-to-Friday week, in date order (default: this year).
#[utoipa::path(
    operation_id = crm_types::api::ListCalendarDays::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(CalendarQuery),
    responses((status = 200, description = "The year's days.", body = Vec<CalendarDay>), AuthErrors, BadParameters)
)]
#[get("/calendar")]
pub async fn list_calendar(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CalendarQuery>,
) -> ApiResult<web::Json<Vec<CalendarDay>>> {
    let right = admin::grant::<Settings>(&caller)?;
    Ok(web::Json(queries::year(&state.db, &right, query.year, state.clock.now()).await?))
}

/// Set a day as a holiday or a make-up working day.
///
/// A make-up working day must be a Saturday or Sunday; a holiday on a weekend changes nothing and is
/// refused. Deadlines computed from now on use the new calendar; existing deadlines stay.
#[utoipa::path(
    operation_id = crm_types::api::SetCalendarDay::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("day" = NaiveDate, Path, description = "The day (YYYY-MM-DD).")),
    request_body = CalendarDayInput,
    responses((status = 200, description = "Saved.", body = CalendarDay), AuthErrors, BadParameters, JsonBodyErrors)
)]
#[put("/calendar/{day}")]
pub async fn put_calendar_day(
    state: web::Data<AppState>,
    caller: Caller,
    day: web::Path<NaiveDate>,
    body: web::Json<CalendarDayInput>,
) -> ApiResult<web::Json<CalendarDay>> {
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let saved = calendar::set_day(&txn, &caller, &right, day.into_inner(), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Remove a day from the calendar.
///
/// The day becomes an ordinary day again: working from Monday to Friday, off at weekends.
#[utoipa::path(
    operation_id = crm_types::api::DeleteCalendarDay::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("day" = NaiveDate, Path, description = "The day (YYYY-MM-DD).")),
    responses((status = 204, description = "Removed."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/calendar/{day}")]
pub async fn delete_calendar_day(
    state: web::Data<AppState>,
    caller: Caller,
    day: web::Path<NaiveDate>,
) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    calendar::remove_day(&txn, &caller, &right, day.into_inner()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
