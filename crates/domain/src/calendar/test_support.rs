//! Dates, times and calendars for the calendar's tests.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use proptest::prelude::*;

use super::{WorkCalendar, holidays};

pub(super) fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

pub(super) fn at(year: i32, month: u32, d: u32, hour: u32, minute: u32) -> NaiveDateTime {
    day(year, month, d).and_hms_opt(hour, minute, 0).unwrap()
}

/// The calendar of mainland China for every year recorded.
pub(super) fn china() -> WorkCalendar {
    WorkCalendar::from_entries(
        holidays::MAINLAND_CHINA_YEARS.iter().flat_map(|y| holidays::mainland_china(*y).unwrap()),
    )
    .unwrap()
}

const FIRST: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(date) => date,
    None => panic!(),
};

/// A date from 2024 to 2027.
pub(super) fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..4 * 366).prop_map(|offset| FIRST + Days::new(offset))
}

/// A time of day to the second.
pub(super) fn any_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..86_400).prop_map(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap())
}

/// A local time from 2024 to 2027.
pub(super) fn any_instant() -> impl Strategy<Value = NaiveDateTime> {
    (any_date(), any_time()).prop_map(|(date, time)| date.and_time(time))
}

/// Mainland China's calendar, or one with holidays and make-up days strewn at random over 2024–2027,
/// sometimes in long runs.
pub(super) fn any_calendar() -> impl Strategy<Value = WorkCalendar> {
    let random = prop::collection::vec((any_date(), 1u64..10, any::<bool>()), 0..40).prop_map(|runs| {
        let mut days_off = Vec::new();
        let mut make_up_days = Vec::new();
        for (start, length, is_off) in runs {
            let days = start.iter_days().take(usize::try_from(length).unwrap());
            if is_off {
                days_off.extend(days);
            } else {
                make_up_days.extend(days.filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
            }
        }
        make_up_days.retain(|d| !days_off.contains(d));
        WorkCalendar::new(days_off, make_up_days).unwrap()
    });
    prop_oneof![Just(china()), Just(WorkCalendar::weekends_only()), random]
}
