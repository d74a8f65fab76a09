//! The working-day calendar itself: which dates are working days, and counting over them.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{DayKind, HolidayEntry};
use crate::DomainError;
use crate::error::FieldErrorCode;

/// Which dates are working days (工作日).
///
/// Monday to Friday are working days and Saturday and Sunday are not, except that a public holiday
/// (a date off) is never a working day and a make-up working day (调休上班) is always one. Years the
/// calendar was not told about are plain weeks: the State Council publishes each year's schedule in
/// November, and an administrator adds it.
///
/// Dates are expected to lie well inside chrono's range (years ±262 000): stepping past its ends
/// panics, as chrono's own date arithmetic does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Dates off that fall on Monday to Friday; a Saturday or Sunday off changes nothing, so it is not kept.
    weekdays_off: BTreeSet<NaiveDate>,
    /// Saturdays and Sundays that are working days.
    make_up_days: BTreeSet<NaiveDate>,
}

/// A Monday, from which whole weeks are counted.
const MONDAY: NaiveDate = match NaiveDate::from_ymd_opt(2001, 1, 1) {
    Some(date) => date,
    None => panic!("2001-01-01 is a valid date"),
};

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The number of Mondays to Fridays in `[MONDAY, date)`, negative before it.
fn weekdays_since_monday(date: NaiveDate) -> i64 {
    let days = (date - MONDAY).num_days();
    days.div_euclid(7) * 5 + days.rem_euclid(7).min(5)
}

pub(super) fn day_after(date: NaiveDate) -> NaiveDate {
    date + Days::new(1)
}

fn day_before(date: NaiveDate) -> NaiveDate {
    date - Days::new(1)
}

impl WorkCalendar {
    /// A calendar of plain weeks: Monday to Friday are working days, with no holidays.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    /// A calendar from its dates off (public holidays; Saturdays and Sundays among them are allowed
    /// and change nothing, so a festival can be entered as the whole range the notice announces) and
    /// its make-up working days.
    ///
    /// Refuses a date that is both off and a working day (`conflicting_day`) and a make-up working
    /// day that is not a Saturday or Sunday (`make_up_not_weekend`): Monday to Friday already work.
    pub fn new(
        days_off: impl IntoIterator<Item = NaiveDate>,
        make_up_days: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, DomainError> {
        let days_off: BTreeSet<NaiveDate> = days_off.into_iter().collect();
        let make_up_days: BTreeSet<NaiveDate> = make_up_days.into_iter().collect();
        if let Some(date) = make_up_days.iter().find(|date| !is_weekend(**date)) {
            return Err(DomainError::new(
                "calendar",
                FieldErrorCode::MakeUpNotWeekend,
                format!("{date} is a {}; only a Saturday or Sunday can be a make-up working day", date.weekday()),
            ));
        }
        if let Some(date) = days_off.intersection(&make_up_days).next() {
            return Err(DomainError::new(
                "calendar",
                FieldErrorCode::ConflictingDay,
                format!("{date} is both a day off and a make-up working day"),
            ));
        }
        let weekdays_off = days_off.into_iter().filter(|date| !is_weekend(*date)).collect();
        Ok(Self { weekdays_off, make_up_days })
    }

    /// A calendar from holiday entries, such as those of [`super::holidays::mainland_china`] or the
    /// rows an administrator keeps. Refuses what [`WorkCalendar::new`] refuses.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a HolidayEntry>) -> Result<Self, DomainError> {
        let (days_off, make_up_days): (Vec<&HolidayEntry>, Vec<&HolidayEntry>) =
            entries.into_iter().partition(|entry| entry.kind == DayKind::DayOff);
        Self::new(days_off.into_iter().map(|e| e.date), make_up_days.into_iter().map(|e| e.date))
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if is_weekend(date) { self.make_up_days.contains(&date) } else { !self.weekdays_off.contains(&date) }
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = day_after(date);
        while !self.is_working_day(day) {
            day = day_after(day);
        }
        day
    }

    /// The last working day strictly before `date`.
    pub fn previous_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = day_before(date);
        while !self.is_working_day(day) {
            day = day_before(day);
        }
        day
    }

    /// `date` itself if it is a working day, otherwise the next one: where a clock started on `date`
    /// begins to run.
    pub fn this_or_next_working_day(&self, date: NaiveDate) -> NaiveDate {
        if self.is_working_day(date) { date } else { self.next_working_day(date) }
    }

    /// The working day `n` working days after `date`. A `date` that is not a working day first moves
    /// to the next working day, as a demand raised on a Sunday starts its clock on Monday: from a
    /// Saturday, `n = 0` gives Monday and `n = 1` Tuesday (in a week without holidays).
    ///
    /// Always a working day, and `working_days_between(date, add_working_days(date, n)) == n`.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        (0..n).fold(self.this_or_next_working_day(date), |day, _| self.next_working_day(day))
    }

    /// How many working days lie in `[from, to)`: the whole working days a clock running only on
    /// working days counts from 00:00 of `from` to 00:00 of `to`. Negative when `to` is before `from`
    /// (`working_days_between(b, a) == -working_days_between(a, b)`), zero when they are equal.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let weekdays = weekdays_since_monday(to) - weekdays_since_monday(from);
        let off = self.weekdays_off.range(from..to).count() as i64;
        let make_up = self.make_up_days.range(from..to).count() as i64;
        weekdays - off + make_up
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::test_support::{any_calendar, any_date, china, day};

    #[test]
    fn plain_weeks_work_monday_to_friday() {
        let calendar = WorkCalendar::weekends_only();
        // 2024-06-03 is a Monday.
        let working: Vec<bool> = (3..=9).map(|d| calendar.is_working_day(day(2024, 6, d))).collect();
        assert_eq!(working, [true, true, true, true, true, false, false]);
        assert_eq!(calendar.next_working_day(day(2024, 6, 7)), day(2024, 6, 10));
        assert_eq!(calendar.previous_working_day(day(2024, 6, 10)), day(2024, 6, 7));
        assert_eq!(calendar.working_days_between(day(2024, 6, 3), day(2024, 6, 10)), 5);
    }

    #[test]
    fn public_holidays_are_off_and_make_up_days_work() {
        let calendar = china();
        assert!(!calendar.is_working_day(day(2026, 10, 1)), "National Day, a Thursday");
        assert!(!calendar.is_working_day(day(2026, 4, 6)), "the Monday of Qingming");
        assert!(calendar.is_working_day(day(2026, 9, 20)), "the make-up Sunday before National Day");
        assert!(calendar.is_working_day(day(2026, 10, 10)), "the make-up Saturday after National Day");
        assert!(!calendar.is_working_day(day(2026, 10, 11)), "an ordinary Sunday");
        assert!(calendar.is_working_day(day(2025, 1, 26)), "the make-up Sunday before Spring Festival 2025");
    }

    #[test]
    fn the_next_working_day_jumps_over_a_long_holiday() {
        let calendar = china();
        // Spring Festival 2026: Saturday 14 February works, 15–23 February off.
        assert_eq!(calendar.next_working_day(day(2026, 2, 13)), day(2026, 2, 14));
        assert_eq!(calendar.next_working_day(day(2026, 2, 14)), day(2026, 2, 24));
        assert_eq!(calendar.previous_working_day(day(2026, 2, 24)), day(2026, 2, 14));
        // National Day 2026: 1–7 October off, Saturday 10 October works.
        assert_eq!(calendar.next_working_day(day(2026, 9, 30)), day(2026, 10, 8));
        assert_eq!(calendar.next_working_day(day(2026, 10, 9)), day(2026, 10, 10));
        assert_eq!(calendar.next_working_day(day(2026, 10, 10)), day(2026, 10, 12));
    }

    #[test]
    fn counting_crosses_the_year_end() {
        let calendar = china();
        // New Year 2026: 1–3 January off, Sunday 4 January works.
        assert_eq!(calendar.next_working_day(day(2025, 12, 31)), day(2026, 1, 4));
        assert_eq!(calendar.previous_working_day(day(2026, 1, 4)), day(2025, 12, 31));
        assert_eq!(calendar.add_working_days(day(2025, 12, 31), 1), day(2026, 1, 4));
        assert_eq!(calendar.add_working_days(day(2025, 12, 31), 2), day(2026, 1, 5));
        assert_eq!(calendar.working_days_between(day(2025, 12, 29), day(2026, 1, 6)), 5);
        // Without holidays the same span would hold six working days.
        assert_eq!(WorkCalendar::weekends_only().working_days_between(day(2025, 12, 29), day(2026, 1, 6)), 6);
    }

    #[test]
    fn adding_working_days_from_a_day_off_starts_on_the_next_working_day() {
        let calendar = china();
        assert_eq!(calendar.add_working_days(day(2026, 10, 3), 0), day(2026, 10, 8));
        assert_eq!(calendar.add_working_days(day(2026, 10, 3), 1), day(2026, 10, 9));
        assert_eq!(calendar.add_working_days(day(2026, 10, 3), 2), day(2026, 10, 10));
        assert_eq!(calendar.add_working_days(day(2026, 10, 3), 3), day(2026, 10, 12));
        assert_eq!(calendar.add_working_days(day(2026, 10, 10), 0), day(2026, 10, 10), "a make-up day works");
    }

    #[test]
    fn working_days_in_the_holiday_years_add_up() {
        let calendar = china();
        // Each year has 261 weekdays. 2025: 18 of them off (13 statutory days and 5 swapped for make-up
        // weekend days); 2026: 19 off (13 statutory, 6 swapped). Both years have 248 working days.
        assert_eq!(calendar.working_days_between(day(2025, 1, 1), day(2026, 1, 1)), 261 - 18 + 5);
        assert_eq!(calendar.working_days_between(day(2026, 1, 1), day(2027, 1, 1)), 261 - 19 + 6);
        assert_eq!(calendar.working_days_between(day(2026, 1, 1), day(2025, 1, 1)), -248);
    }

    #[test]
    fn contradictory_calendars_are_refused() {
        let saturday = day(2026, 2, 14);
        let thursday = day(2026, 10, 1);
        assert_eq!(WorkCalendar::new([saturday], [saturday]).unwrap_err().code.as_str(), "conflicting_day");
        assert_eq!(WorkCalendar::new([], [thursday]).unwrap_err().code.as_str(), "make_up_not_weekend");
        assert!(WorkCalendar::new([saturday, thursday], []).is_ok(), "a weekend day off is allowed");
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day(calendar in any_calendar(), date in any_date(), n in 0u32..400) {
            prop_assert!(calendar.is_working_day(calendar.add_working_days(date, n)));
        }

        #[test]
        fn counting_undoes_adding(calendar in any_calendar(), date in any_date(), n in 0u32..400) {
            let later = calendar.add_working_days(date, n);
            prop_assert_eq!(calendar.working_days_between(date, later), i64::from(n));
        }

        #[test]
        fn counting_agrees_with_looking_at_every_day(calendar in any_calendar(), a in any_date(), b in any_date()) {
            let (from, to) = (a.min(b), a.max(b));
            let by_hand = from.iter_days().take_while(|d| *d < to).filter(|d| calendar.is_working_day(*d)).count();
            prop_assert_eq!(calendar.working_days_between(from, to), i64::try_from(by_hand).unwrap());
            prop_assert_eq!(calendar.working_days_between(to, from), -i64::try_from(by_hand).unwrap());
        }

        #[test]
        fn no_working_day_is_skipped(calendar in any_calendar(), date in any_date()) {
            let next = calendar.next_working_day(date);
            let previous = calendar.previous_working_day(date);
            prop_assert!(next > date && calendar.is_working_day(next));
            prop_assert!(previous < date && calendar.is_working_day(previous));
            prop_assert_eq!(calendar.working_days_between(day_after(date), next), 0);
            prop_assert_eq!(calendar.working_days_between(day_after(previous), date), 0);
        }

        #[test]
        fn counting_is_additive(calendar in any_calendar(), a in any_date(), b in any_date(), c in any_date()) {
            prop_assert_eq!(
                calendar.working_days_between(a, b) + calendar.working_days_between(b, c),
                calendar.working_days_between(a, c)
            );
        }
    }
}
