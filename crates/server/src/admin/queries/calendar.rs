//! The working-day calendar as administrators read it: a year's holidays and make-up working days
//! (the calendar in force for deadlines is `calendar::load`).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use crm_types::calendar::{CalendarDay, CalendarDayKind};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::calendar_days;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Settings};

/// The wire form of a stored day.
pub fn to_dto(row: &calendar_days::Model) -> CalendarDay {
    let kind =
        if row.kind == CalendarDayKind::Workday.as_str() { CalendarDayKind::Workday } else { CalendarDayKind::Holiday };
    CalendarDay { day: row.day, kind, name: row.name.clone() }
}

/// The days of `year` (by default the current year in China) that differ from the plain
/// Monday-to-Friday week, in date order; 400 outside 2000–2100.
pub async fn year(
    db: &impl ConnectionTrait,
    _: &Admin<Settings>,
    year: Option<i32>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<CalendarDay>> {
    let year = year.unwrap_or_else(|| crate::china_time::day_of(now).year());
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::BadRequest("year must be between 2000 and 2100.".into()));
    }
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Err(ApiError::BadRequest("year is out of range.".into()));
    };
    let rows = calendar_days::Entity::find()
        .filter(calendar_days::Column::Day.between(first, last))
        .order_by_asc(calendar_days::Column::Day)
        .all(db)
        .await?;
    Ok(rows.iter().map(to_dto).collect())
}
