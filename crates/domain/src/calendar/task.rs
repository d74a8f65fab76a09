//! The "due tomorrow" reminder of a task (任务): sent on the last working day before its planned
//! finish date.
//!
//! "The day before" is taken on the working calendar, not the wall calendar: a task planned to finish
//! on Monday is reminded of on Friday, when its owner can still act, rather than on Sunday; one planned
//! to finish on the Thursday after National Day is reminded of on 30 September. A task planned to
//! finish on a weekend or holiday is reminded of on the working day before it, too.

use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::WorkCalendar;
use super::work_calendar::day_after;

/// The date on which to remind the owner of a task planned to finish on `planned_finish`: the last
/// working day strictly before it.
pub fn task_reminder_date(planned_finish: NaiveDate, calendar: &WorkCalendar) -> NaiveDate {
    calendar.previous_working_day(planned_finish)
}

/// For the daily reminder job: the planned finish dates whose reminder falls on `today`, i.e. the
/// dates after `today` up to and including the next working day (on a Friday: Saturday to Monday), or
/// `None` when `today` is not a working day and nothing is due to be reminded of.
///
/// `planned_finish` is in the range exactly when `task_reminder_date(planned_finish) == today`.
pub fn task_finishes_to_remind(today: NaiveDate, calendar: &WorkCalendar) -> Option<RangeInclusive<NaiveDate>> {
    calendar.is_working_day(today).then(|| day_after(today)..=calendar.next_working_day(today))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::test_support::{any_calendar, any_date, china, day};

    #[test]
    fn a_task_finishing_on_monday_is_reminded_of_on_friday() {
        let calendar = china();
        assert_eq!(task_reminder_date(day(2026, 3, 10), &calendar), day(2026, 3, 9), "Tuesday: on Monday");
        assert_eq!(task_reminder_date(day(2026, 3, 9), &calendar), day(2026, 3, 6), "Monday: on Friday");
        assert_eq!(task_reminder_date(day(2026, 3, 8), &calendar), day(2026, 3, 6), "Sunday: on Friday");
    }

    #[test]
    fn a_task_finishing_after_a_holiday_is_reminded_of_before_it() {
        let calendar = china();
        assert_eq!(task_reminder_date(day(2026, 10, 8), &calendar), day(2026, 9, 30));
        assert_eq!(task_reminder_date(day(2026, 1, 4), &calendar), day(2025, 12, 31), "across the year end");
        assert_eq!(task_reminder_date(day(2026, 10, 12), &calendar), day(2026, 10, 10), "on a make-up Saturday");
    }

    #[test]
    fn the_daily_job_reminds_of_everything_up_to_the_next_working_day() {
        let calendar = china();
        assert_eq!(task_finishes_to_remind(day(2026, 3, 4), &calendar), Some(day(2026, 3, 5)..=day(2026, 3, 5)));
        assert_eq!(task_finishes_to_remind(day(2026, 3, 6), &calendar), Some(day(2026, 3, 7)..=day(2026, 3, 9)));
        assert_eq!(task_finishes_to_remind(day(2026, 9, 30), &calendar), Some(day(2026, 10, 1)..=day(2026, 10, 8)));
        assert_eq!(task_finishes_to_remind(day(2026, 3, 7), &calendar), None, "a Saturday");
        assert_eq!(task_finishes_to_remind(day(2026, 10, 2), &calendar), None, "National Day");
    }

    proptest! {
        #[test]
        fn the_job_reminds_of_a_task_exactly_on_its_reminder_date(
            calendar in any_calendar(), today in any_date(), planned_finish in any_date()
        ) {
            let reminded = task_finishes_to_remind(today, &calendar).is_some_and(|range| range.contains(&planned_finish));
            prop_assert_eq!(reminded, task_reminder_date(planned_finish, &calendar) == today);
        }

        #[test]
        fn the_reminder_is_on_a_working_day_before_the_finish(calendar in any_calendar(), planned_finish in any_date()) {
            let reminder = task_reminder_date(planned_finish, &calendar);
            prop_assert!(reminder < planned_finish && calendar.is_working_day(reminder));
        }
    }
}
