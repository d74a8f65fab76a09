//! The working-day calendar (`/api/v1/admin/calendar`): public holidays and make-up working days that
//! response deadlines are counted over. Seeded from the State Council's schedule; administrators add
//! next year's in November and their company's own days off.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use crm_types::access::Permission;
use crm_types::calendar::{CalendarDay, CalendarDayInput, CalendarDayKind, CalendarQuery};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db;
use crate::entities::calendar_days;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_calendar).service(put_calendar_day).service(delete_calendar_day);
}

fn to_dto(row: &calendar_days::Model) -> CalendarDay {
    let kind =
        if row.kind == CalendarDayKind::Workday.as_str() { CalendarDayKind::Workday } else { CalendarDayKind::Holiday };
    CalendarDay { day: row.day, kind, name: row.name.clone() }
}

/// List a year's holidays and make-up working days.
///
/// The days that differ from the plain Monday-to-Friday week, in date order (default: this year).
#[utoipa::path(
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
    caller.require(Permission::AdminSettings)?;
    let year = query.year.unwrap_or_else(|| crate::china_time::day_of(Utc::now()).year());
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::BadRequest("year must be between 2000 and 2100.".into()));
    }
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Err(ApiError::BadRequest("year is out of range.".into()));
    };
    let rows = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.between(first, last))
        .order_by_asc(calendar_days::Column::Day)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.iter().map(to_dto).collect()))
}

/// Set a day as a holiday or a make-up working day.
///
/// A make-up working day must be a Saturday or Sunday; a holiday on a weekend changes nothing and is
/// refused. Deadlines computed from now on use the new calendar; existing deadlines stay.
#[utoipa::path(
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
    caller.require(Permission::AdminSettings)?;
    let day = day.into_inner();
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 40);
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    match body.kind {
        CalendarDayKind::Workday if !weekend => {
            problems.add("kind", "make_up_not_weekend", "only a Saturday or Sunday can be a make-up working day")
        }
        CalendarDayKind::Holiday if weekend => {
            problems.add("kind", "holiday_on_weekend", "a Saturday or Sunday is a day off already")
        }
        _ => {}
    }
    problems.finish()?;
    let row = calendar_days::ActiveModel {
        day: Set(day),
        kind: Set(body.kind.as_str().to_owned()),
        name: Set(name),
        updated_at: Set(Utc::now()),
    };
    let txn = db::begin_write(&state.db).await?;
    let before = calendar_days::Entity::find_by_id(day).one(&txn).await?.map(|r| to_dto(&r));
    calendar_days::Entity::insert(row)
        .on_conflict(
            OnConflict::column(calendar_days::Column::Day)
                .update_columns([
                    calendar_days::Column::Kind,
                    calendar_days::Column::Name,
                    calendar_days::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let saved = calendar_days::Entity::find_by_id(day)
        .one(&txn)
        .await?
        .map(|r| to_dto(&r))
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("calendar day {day} was not saved")))?;
    let change = Change::new("calendar.set", "calendar_day", day);
    let change = match before {
        Some(before) => change.diff(&audit::snapshot(&before)?, &audit::snapshot(&saved)?),
        None => change.created(audit::snapshot(&saved)?),
    };
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Remove a day from the calendar.
///
/// The day becomes an ordinary day again: working from Monday to Friday, off at weekends.
#[utoipa::path(
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
    caller.require(Permission::AdminSettings)?;
    let day = day.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let row = calendar_days::Entity::find_by_id(day)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("{day} is not in the calendar.")))?;
    calendar_days::Entity::delete_by_id(day).exec(&txn).await?;
    let change = Change::new("calendar.delete", "calendar_day", day)
        .diff(&audit::snapshot(&to_dto(&row))?, &serde_json::json!({}));
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
