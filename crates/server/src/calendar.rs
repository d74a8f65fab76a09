//! The working-day calendar as stored: the holidays and make-up working days administrators keep in
//! `calendar_days`, seeded from the State Council's schedule for the years the product knows.

use std::collections::BTreeSet;

use chrono::Utc;
use crm_domain::calendar::{DayKind, WorkCalendar, holidays};
use crm_types::calendar::CalendarDayKind;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::entities::calendar_days;
use crate::error::{ApiError, ApiResult};
use crate::system_settings;

/// The settings key listing the years already seeded, so that a year an administrator emptied on
/// purpose is not seeded again at the next start.
const SEEDED_YEARS: &str = "calendar.seeded_years";

/// The calendar in force.
pub async fn load(db: &impl ConnectionTrait) -> ApiResult<WorkCalendar> {
    let rows = calendar_days::Entity::find().all(db).await?;
    let (off, work): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.kind == CalendarDayKind::Holiday.as_str());
    WorkCalendar::new(off.iter().map(|r| r.day), work.iter().map(|r| r.day))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("the stored calendar is inconsistent: {e}")))
}

/// Adds the official holidays of every known year not seeded before.
pub async fn ensure_seeded(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let mut seeded: BTreeSet<i32> = system_settings::read(db, SEEDED_YEARS).await?.unwrap_or_default();
    let existing: BTreeSet<chrono::NaiveDate> =
        calendar_days::Entity::find().all(db).await?.into_iter().map(|r| r.day).collect();
    for year in holidays::MAINLAND_CHINA_YEARS {
        if seeded.contains(&year) {
            continue;
        }
        let entries = holidays::mainland_china(year).unwrap_or_default();
        let rows: Vec<calendar_days::ActiveModel> = entries
            .iter()
            .filter(|e| !existing.contains(&e.date))
            .map(|e| calendar_days::ActiveModel {
                day: Set(e.date),
                kind: Set(match e.kind {
                    DayKind::DayOff => CalendarDayKind::Holiday,
                    DayKind::MakeUpWorkday => CalendarDayKind::Workday,
                }
                .as_str()
                .to_owned()),
                name: Set(e.festival.chinese_name().to_owned()),
                updated_at: Set(Utc::now()),
            })
            .collect();
        if !rows.is_empty() {
            // Another instance starting at the same time may have inserted them already.
            calendar_days::Entity::insert_many(rows)
                .on_conflict(OnConflict::column(calendar_days::Column::Day).do_nothing().to_owned())
                .exec_without_returning(db)
                .await?;
        }
        seeded.insert(year);
    }
    system_settings::write(db, SEEDED_YEARS, &seeded).await?;
    Ok(())
}
