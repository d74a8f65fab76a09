//! China Standard Time (UTC+8 all year round, no daylight saving): the zone in which users' days,
//! deadlines and the working-day calendar are counted. Times are stored in UTC.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// The offset of China Standard Time.
const OFFSET_HOURS: i64 = 8;

/// The local wall-clock time of an instant.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    (at + Duration::hours(OFFSET_HOURS)).naive_utc()
}

/// The instant of a local wall-clock time.
pub fn utc(local: NaiveDateTime) -> DateTime<Utc> {
    local.and_utc() - Duration::hours(OFFSET_HOURS)
}

/// The local day of an instant.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    local(at).date()
}

/// The first instant of a local day.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    utc(day.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_in_china_starts_at_sixteen_hundred_utc_the_day_before() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        assert_eq!(day_start(day).to_rfc3339(), "2025-12-31T16:00:00+00:00");
        assert_eq!(day_of(day_start(day)), day);
        assert_eq!(day_of(day_start(day) - Duration::seconds(1)), day.pred_opt().unwrap());
        assert_eq!(utc(local(day_start(day))), day_start(day));
    }
}
