//! Working time: a clock that runs through all 24 hours of every working day and stands still on
//! the other days.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::WorkCalendar;
use super::work_calendar::day_after;

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

impl WorkCalendar {
    /// Where a clock started at `at` begins to run: `at` itself on a working day, otherwise 00:00 of
    /// the next working day (a demand raised on Saturday afternoon starts its clock at Monday 00:00).
    pub fn clock_start(&self, at: NaiveDateTime) -> NaiveDateTime {
        if self.is_working_day(at.date()) { at } else { midnight(self.next_working_day(at.date())) }
    }

    /// The instant at which a clock started at `start` has run for `duration` of working time (a
    /// negative duration counts as zero).
    ///
    /// When the time runs out exactly at the end of a working day, the answer is 00:00 of the next
    /// working day, the last instant before the clock would run on: with Tuesday a holiday, one
    /// working day from Monday 00:00 ends at Wednesday 00:00, not during the holiday. Hence
    /// `add_working_time(at, TimeDelta::zero()) == clock_start(at)`, and
    /// `working_time_between(start, add_working_time(start, d)) == d`.
    pub fn add_working_time(&self, start: NaiveDateTime, duration: TimeDelta) -> NaiveDateTime {
        let mut at = self.clock_start(start);
        let mut left = duration.max(TimeDelta::zero());
        loop {
            let rest_of_day = midnight(day_after(at.date())) - at;
            if left < rest_of_day {
                return at + left;
            }
            left -= rest_of_day;
            at = midnight(self.next_working_day(at.date()));
        }
    }

    /// The working time in `[from, to)`: how long the clock runs between the two instants. Negative
    /// when `to` is before `from`.
    pub fn working_time_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> TimeDelta {
        if to < from {
            return -self.working_time_between(to, from);
        }
        let on = |date: NaiveDate, time: TimeDelta| if self.is_working_day(date) { time } else { TimeDelta::zero() };
        if from.date() == to.date() {
            return on(from.date(), to - from);
        }
        let first = on(from.date(), midnight(day_after(from.date())) - from);
        let whole_days = TimeDelta::days(self.working_days_between(day_after(from.date()), to.date()));
        let last = on(to.date(), to - midnight(to.date()));
        first + whole_days + last
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::test_support::{any_calendar, any_instant, at, china};

    #[test]
    fn the_clock_starts_at_once_on_a_working_day_and_at_midnight_of_the_next_one_otherwise() {
        let calendar = china();
        assert_eq!(calendar.clock_start(at(2026, 3, 4, 22, 30)), at(2026, 3, 4, 22, 30));
        assert_eq!(calendar.clock_start(at(2026, 3, 7, 10, 0)), at(2026, 3, 9, 0, 0), "a Saturday");
        assert_eq!(calendar.clock_start(at(2026, 10, 1, 9, 0)), at(2026, 10, 8, 0, 0), "National Day");
        assert_eq!(calendar.clock_start(at(2026, 10, 10, 9, 0)), at(2026, 10, 10, 9, 0), "a make-up Saturday");
    }

    #[test]
    fn working_time_stands_still_over_holidays() {
        let calendar = china();
        // Wednesday 30 September 2026 18:00 to Thursday 8 October 09:00: 6 h + 9 h.
        assert_eq!(calendar.working_time_between(at(2026, 9, 30, 18, 0), at(2026, 10, 8, 9, 0)), TimeDelta::hours(15));
        assert_eq!(calendar.working_time_between(at(2026, 10, 8, 9, 0), at(2026, 9, 30, 18, 0)), TimeDelta::hours(-15));
        assert_eq!(calendar.working_time_between(at(2026, 10, 3, 8, 0), at(2026, 10, 3, 20, 0)), TimeDelta::zero());
        assert_eq!(calendar.add_working_time(at(2026, 9, 30, 18, 0), TimeDelta::hours(15)), at(2026, 10, 8, 9, 0));
    }

    #[test]
    fn time_running_out_at_midnight_ends_when_the_clock_would_restart() {
        let calendar = china();
        // Wednesday 31 December 2025 00:00 plus one working day: the clock next runs on Sunday 4 January.
        assert_eq!(calendar.add_working_time(at(2025, 12, 31, 0, 0), TimeDelta::days(1)), at(2026, 1, 4, 0, 0));
        assert_eq!(calendar.add_working_time(at(2025, 12, 31, 0, 0), TimeDelta::hours(23)), at(2025, 12, 31, 23, 0));
    }

    proptest! {
        #[test]
        fn measuring_undoes_adding(calendar in any_calendar(), start in any_instant(), seconds in 0i64..40 * 86_400) {
            let duration = TimeDelta::seconds(seconds);
            let end = calendar.add_working_time(start, duration);
            prop_assert!(end >= start);
            prop_assert_eq!(calendar.working_time_between(start, end), duration);
        }

        #[test]
        fn adding_no_time_gives_the_clock_start(calendar in any_calendar(), start in any_instant()) {
            prop_assert_eq!(calendar.add_working_time(start, TimeDelta::zero()), calendar.clock_start(start));
            prop_assert_eq!(calendar.working_time_between(start, calendar.clock_start(start)), TimeDelta::zero());
        }

        #[test]
        fn working_time_is_additive(calendar in any_calendar(), a in any_instant(), b in any_instant(), c in any_instant()) {
            prop_assert_eq!(
                calendar.working_time_between(a, b) + calendar.working_time_between(b, c),
                calendar.working_time_between(a, c)
            );
        }

        #[test]
        fn working_time_never_exceeds_wall_time(calendar in any_calendar(), a in any_instant(), b in any_instant()) {
            let (from, to) = (a.min(b), a.max(b));
            let working = calendar.working_time_between(from, to);
            prop_assert!(working >= TimeDelta::zero() && working <= to - from);
        }
    }
}
