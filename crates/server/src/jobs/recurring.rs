//! Periodic jobs: the hourly scan for tasks due on the next working day, the daily scan for customers
//! without follow-ups, and the monthly request to verify customer data. Each period's run is one job
//! keyed by the period, scheduled ahead.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Timelike, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::json;

use super::queue::schedule;
use crate::china_time::{local, utc};
use crate::entities::scheduled_jobs;

/// The hourly task scan.
pub const TASK_DUE_SCAN: &str = "task_due_scan";
/// The daily idle-customer scan (09:00 China time).
pub const IDLE_SCAN: &str = "idle_scan";
/// The monthly verification request (the 1st, 09:00 China time).
pub const MONTHLY_VERIFICATION: &str = "monthly_verification";

/// The start of the period containing `now` and of the next one, with the period's key.
fn periods(kind: &str, now: DateTime<Utc>) -> [(String, DateTime<Utc>); 2] {
    let here = local(now);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    match kind {
        TASK_DUE_SCAN => {
            let hour = here.date().and_hms_opt(here.hour(), 0, 0).unwrap_or(here);
            [hour, hour + Duration::hours(1)].map(|h| (format!("{kind}:{}", h.format("%Y%m%d%H")), utc(h)))
        }
        IDLE_SCAN => {
            let today = here.date();
            [today, today + Duration::days(1)]
                .map(|d| (format!("{kind}:{}", d.format("%Y%m%d")), utc(d.and_time(nine))))
        }
        _ => {
            let first = here.date().with_day(1).unwrap_or(here.date());
            let next = (first + Duration::days(32)).with_day(1).unwrap_or(first);
            [first, next].map(|d| (format!("{kind}:{}", d.format("%Y%m")), utc(d.and_time(nine))))
        }
    }
}

/// Schedules the next run of every periodic job, and the current period's run too when the job ran
/// in an earlier period (so a run missed while the servers were down happens at start, but a new installation
/// does not send this month's verification request on its first day). Existing runs are left alone.
pub async fn ensure(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    for kind in [TASK_DUE_SCAN, IDLE_SCAN, MONTHLY_VERIFICATION] {
        let [current, next] = periods(kind, now);
        let established = scheduled_jobs::Entity::find()
            .filter(scheduled_jobs::Column::Kind.eq(kind))
            .filter(scheduled_jobs::Column::RunAt.lt(current.1))
            .one(db)
            .await?
            .is_some();
        let wanted = if established { vec![current, next] } else { vec![next] };
        for (key, run_at) in wanted {
            schedule(db, kind, key, run_at, json!({}), now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn periods_are_counted_in_china_time() {
        // 2026-01-31 23:30 in China.
        let now = at("2026-01-31T15:30:00Z");
        let [(hour, hour_at), (next, _)] = periods(TASK_DUE_SCAN, now);
        assert_eq!((hour.as_str(), next.as_str()), ("task_due_scan:2026013123", "task_due_scan:2026020100"));
        assert_eq!(hour_at, at("2026-01-31T15:00:00Z"));
        let [(day, day_at), (tomorrow, _)] = periods(IDLE_SCAN, now);
        assert_eq!((day.as_str(), tomorrow.as_str()), ("idle_scan:20260131", "idle_scan:20260201"));
        assert_eq!(day_at, at("2026-01-31T01:00:00Z"));
        let [(month, _), (next_month, next_at)] = periods(MONTHLY_VERIFICATION, now);
        assert_eq!(
            (month.as_str(), next_month.as_str()),
            ("monthly_verification:202601", "monthly_verification:202602")
        );
        assert_eq!(next_at, at("2026-02-01T01:00:00Z"));
    }
}
