//! Editing the working-day calendar: a day set as a holiday or a make-up working day, or removed.
//! Deadlines computed from then on use the new calendar; existing deadlines stay. (The stored calendar
//! and its seeding from the State Council's schedule are `calendar`.)

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use crm_types::FieldErrorCode;
use crm_types::calendar::{CalendarDay, CalendarDayInput, CalendarDayKind};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::admin::queries::calendar::to_dto;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::entities::calendar_days;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Settings};
use crate::validation::Problems;

/// Sets `day` as a holiday or a make-up working day. A make-up working day must be a Saturday or
/// Sunday; a holiday on a weekend changes nothing and is refused (422).
pub async fn set_day(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    day: NaiveDate,
    body: &CalendarDayInput,
    now: DateTime<Utc>,
) -> ApiResult<CalendarDay> {
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 40);
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    match body.kind {
        CalendarDayKind::Workday if !weekend => problems.add(
            "kind",
            FieldErrorCode::MakeUpNotWeekend,
            "only a Saturday or Sunday can be a make-up working day",
        ),
        CalendarDayKind::Holiday if weekend => {
            problems.add("kind", FieldErrorCode::HolidayOnWeekend, "a Saturday or Sunday is a day off already")
        }
        _ => {}
    }
    problems.finish()?;
    let row = calendar_days::ActiveModel {
        day: Set(day),
        kind: Set(body.kind.as_str().to_owned()),
        name: Set(name),
        updated_at: Set(now),
    };
    let before = calendar_days::Entity::find_by_id(day).one(txn).await?.map(|r| to_dto(&r));
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
        .exec_without_returning(txn)
        .await?;
    let saved = calendar_days::Entity::find_by_id(day)
        .one(txn)
        .await?
        .map(|r| to_dto(&r))
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("calendar day {day} was not saved")))?;
    let change = Change::new("calendar.set", "calendar_day", day);
    let change = match before {
        Some(before) => change.diff(&audit::snapshot(&before)?, &audit::snapshot(&saved)?),
        None => change.created(audit::snapshot(&saved)?),
    };
    audit::record(txn, &caller.actor(), change).await?;
    Ok(saved)
}

/// Makes `day` an ordinary day again (404 when it is not in the calendar).
pub async fn remove_day(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    day: NaiveDate,
) -> ApiResult<()> {
    let row = calendar_days::Entity::find_by_id(day)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("{day} is not in the calendar.")))?;
    calendar_days::Entity::delete_by_id(day).exec(txn).await?;
    let change = Change::new("calendar.delete", "calendar_day", day)
        .diff(&audit::snapshot(&to_dto(&row))?, &serde_json::json!({}));
    audit::record(txn, &caller.actor(), change).await?;
    Ok(())
}
