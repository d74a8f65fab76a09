//! The response SLA of a demand (需求): when it is due, when to warn that it is about to be
//! breached, and where it stands now.
//!
//! The clock runs through all 24 hours of every working day of the [`WorkCalendar`] and stands still
//! on weekends and public holidays; a demand raised on a day that is not a working day starts its
//! clock at 00:00 of the next working day. The SPEC's "24 h / 3 working days / 1 week" are therefore
//! 1, 3 and 5 working days of that clock, and the deadline is the same time of day on the 1st, 3rd or
//! 5th working day after the clock started.
//!
//! Why working days for 高 too: a demand raised on Friday at 17:00 is due on Monday at 17:00 rather
//! than on Saturday, when nobody is there to answer; and why 5 working days for "1 week": in an
//! ordinary week it is exactly seven calendar days (Monday 10:00 to the next Monday 10:00), and over
//! National Day it stretches instead of running out during the holiday. Office hours are not modelled:
//! a sales team answers in the evening too, and 24 working hours per working day keeps "24 h" literal.

use chrono::{NaiveDateTime, TimeDelta};

use super::WorkCalendar;

/// The priority of a demand: 高, 中 or 低.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    /// 高: respond within 24 hours of working time (one working day).
    High,
    /// 中: respond within 3 working days.
    Medium,
    /// 低: respond within a week, counted as 5 working days.
    Low,
}

impl Priority {
    /// Every priority, from 高 to 低.
    pub const ALL: [Self; 3] = [Self::High, Self::Medium, Self::Low];

    /// The label users see: 高, 中 or 低.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Self::High => "高",
            Self::Medium => "中",
            Self::Low => "低",
        }
    }

    /// The response time in working days: 1, 3 or 5.
    pub fn response_working_days(self) -> u32 {
        match self {
            Self::High => 1,
            Self::Medium => 3,
            Self::Low => 5,
        }
    }

    /// The response time as working time: 24, 72 or 120 hours of the working clock.
    pub fn response_time(self) -> TimeDelta {
        TimeDelta::days(i64::from(self.response_working_days()))
    }
}

/// How far through its working time a demand is when [`SlaState::DueSoon`] begins: at 80% elapsed,
/// with a fifth of the time left (高: the last 4 h 48 min of working time; 中: the last 14 h 24 min;
/// 低: the last working day). A share rather than a fixed number of hours, so that the warning of
/// a one-week demand is not a few hours before the deadline, nor that of a 24-hour one at once.
pub const WARNING_PERCENT: i32 = 80;

/// Where a demand stands against its SLA. Ordered: `OnTrack < DueSoon < Breached`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlaState {
    /// Less than [`WARNING_PERCENT`] of the working time has gone.
    OnTrack,
    /// About to be breached: from [`warning_at`] until the deadline.
    DueSoon,
    /// The deadline has come: from [`due_at`] on. This is the demand's overdue flag.
    Breached,
}

/// The response deadline of a demand raised at `created` (local time): the working clock started at
/// `created` (or at 00:00 of the next working day when `created` is not on one) plus the priority's
/// [`Priority::response_time`], i.e. the same time of day on the 1st, 3rd or 5th working day after.
///
/// A clock that starts at 00:00 runs out at the end of a working day; the deadline is then 00:00 of
/// the following working day, not a midnight in a holiday: raised on Saturday, a 高 demand is due at
/// Tuesday 00:00, the end of Monday. Always on a working day, and never earlier for a later `created`.
pub fn due_at(created: NaiveDateTime, priority: Priority, calendar: &WorkCalendar) -> NaiveDateTime {
    calendar.add_working_time(created, priority.response_time())
}

/// The instant a demand becomes [`SlaState::DueSoon`], for a reminder job to schedule: when
/// [`WARNING_PERCENT`] of the working time from `created` to `due` has gone. It is computed from the
/// stored deadline, so a demand whose deadline was set by hand is warned about in proportion too.
/// A `due` before `created` gives the clock start.
pub fn warning_at(created: NaiveDateTime, due: NaiveDateTime, calendar: &WorkCalendar) -> NaiveDateTime {
    let total = calendar.working_time_between(created, due).max(TimeDelta::zero());
    calendar.add_working_time(created, total * WARNING_PERCENT / 100)
}

/// Where a demand raised at `created` and due at `due` stands at `now`: [`SlaState::Breached`] from
/// `due` on (answering exactly at the deadline is already late), [`SlaState::DueSoon`] from
/// [`warning_at`] until then, [`SlaState::OnTrack`] before.
pub fn sla_state(created: NaiveDateTime, due: NaiveDateTime, now: NaiveDateTime, calendar: &WorkCalendar) -> SlaState {
    if now >= due {
        SlaState::Breached
    } else if now >= warning_at(created, due, calendar) {
        SlaState::DueSoon
    } else {
        SlaState::OnTrack
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;

    use super::*;
    use crate::calendar::test_support::{any_calendar, any_instant, at, china};
    use Priority::{High, Low, Medium};

    /// Checks the deadlines of one demand for 高, 中 and 低.
    fn assert_due(created: NaiveDateTime, expected: [NaiveDateTime; 3], case: &str) {
        let calendar = china();
        for (priority, expected) in Priority::ALL.into_iter().zip(expected) {
            assert_eq!(due_at(created, priority, &calendar), expected, "{case}, priority {}", priority.chinese_name());
        }
    }

    #[test]
    fn an_ordinary_week_gives_one_three_and_five_working_days() {
        // Monday 2 March 2026, 10:00.
        let created = at(2026, 3, 2, 10, 0);
        assert_due(created, [at(2026, 3, 3, 10, 0), at(2026, 3, 5, 10, 0), at(2026, 3, 9, 10, 0)], "Monday morning");
        assert_eq!(due_at(created, Low, &china()) - created, Duration::days(7), "低 is one calendar week");
    }

    #[test]
    fn a_demand_raised_late_on_friday_is_due_after_the_weekend_at_the_same_time() {
        assert_due(
            at(2026, 3, 6, 23, 30),
            [at(2026, 3, 9, 23, 30), at(2026, 3, 11, 23, 30), at(2026, 3, 13, 23, 30)],
            "Friday 23:30",
        );
    }

    #[test]
    fn a_demand_raised_on_a_weekend_starts_its_clock_on_monday_at_midnight() {
        let due = [at(2026, 3, 10, 0, 0), at(2026, 3, 12, 0, 0), at(2026, 3, 16, 0, 0)];
        assert_due(at(2026, 3, 7, 14, 0), due, "Saturday afternoon");
        assert_due(at(2026, 3, 8, 23, 59), due, "Sunday night");
        assert_due(at(2026, 3, 9, 0, 0), due, "Monday at midnight");
    }

    #[test]
    fn a_demand_raised_during_national_day_starts_its_clock_when_work_resumes() {
        // 1–7 October 2026 off; Thursday 8 October works, and so does Saturday 10 October.
        let due = [at(2026, 10, 9, 0, 0), at(2026, 10, 12, 0, 0), at(2026, 10, 14, 0, 0)];
        assert_due(at(2026, 10, 1, 9, 0), due, "National Day, a Thursday");
        assert_due(at(2026, 10, 3, 11, 0), due, "a Saturday inside the holiday");
        assert_due(at(2026, 10, 7, 23, 0), due, "the last evening of the holiday");
    }

    #[test]
    fn a_demand_raised_on_a_make_up_saturday_is_counted_from_that_saturday() {
        assert_due(
            at(2026, 10, 10, 9, 0),
            [at(2026, 10, 12, 9, 0), at(2026, 10, 14, 9, 0), at(2026, 10, 16, 9, 0)],
            "make-up Saturday 10 October 2026",
        );
    }

    #[test]
    fn the_clock_stands_still_over_a_holiday_that_begins_after_the_demand() {
        // Wednesday 30 September 2026 16:00: the next working days are 8, 9, 10 (make-up), 12 and 13 October.
        assert_due(
            at(2026, 9, 30, 16, 0),
            [at(2026, 10, 8, 16, 0), at(2026, 10, 10, 16, 0), at(2026, 10, 13, 16, 0)],
            "the eve of National Day",
        );
        // Midnight at the start of the eve: one working day is the whole of 30 September, and the
        // deadline is when the clock would run again, not the first midnight of the holiday.
        assert_eq!(due_at(at(2026, 9, 30, 0, 0), High, &china()), at(2026, 10, 8, 0, 0));
    }

    #[test]
    fn deadlines_cross_the_year_end_and_new_year() {
        // 1–3 January 2026 off, Sunday 4 January works.
        assert_due(
            at(2025, 12, 31, 10, 0),
            [at(2026, 1, 4, 10, 0), at(2026, 1, 6, 10, 0), at(2026, 1, 8, 10, 0)],
            "New Year's Eve 2025",
        );
        assert_due(
            at(2025, 12, 26, 17, 0),
            [at(2025, 12, 29, 17, 0), at(2025, 12, 31, 17, 0), at(2026, 1, 5, 17, 0)],
            "the Friday after Christmas 2025",
        );
    }

    #[test]
    fn deadlines_jump_over_the_spring_festival_and_land_on_make_up_days() {
        // 2026: Saturday 14 February works, 15–23 February off.
        assert_due(
            at(2026, 2, 13, 17, 0),
            [at(2026, 2, 14, 17, 0), at(2026, 2, 25, 17, 0), at(2026, 2, 27, 17, 0)],
            "the Friday before Spring Festival 2026",
        );
        // 2025: Sunday 26 January works, 28 January – 4 February off, Saturday 8 February works.
        assert_due(
            at(2025, 1, 24, 15, 0),
            [at(2025, 1, 26, 15, 0), at(2025, 2, 5, 15, 0), at(2025, 2, 7, 15, 0)],
            "the Friday before Spring Festival 2025",
        );
    }

    #[test]
    fn the_warning_comes_when_a_fifth_of_the_working_time_is_left() {
        let calendar = china();
        let monday = at(2026, 3, 2, 10, 0);
        let warnings: Vec<NaiveDateTime> =
            Priority::ALL.iter().map(|p| warning_at(monday, due_at(monday, *p, &calendar), &calendar)).collect();
        // 19 h 12 min, 57 h 36 min and 96 h of working time after Monday 10:00.
        assert_eq!(warnings, [at(2026, 3, 3, 5, 12), at(2026, 3, 4, 19, 36), at(2026, 3, 6, 10, 0)]);
        // Over a holiday the warning waits for working time too: 8 h + 24 h + 24 h + 1 h 36 min.
        let eve = at(2026, 9, 30, 16, 0);
        assert_eq!(warning_at(eve, due_at(eve, Medium, &calendar), &calendar), at(2026, 10, 10, 1, 36));
    }

    #[test]
    fn a_demand_is_on_track_then_due_soon_then_breached() {
        let calendar = china();
        let created = at(2026, 3, 2, 10, 0);
        let due = due_at(created, High, &calendar);
        let state = |now| sla_state(created, due, now, &calendar);
        assert_eq!(state(at(2026, 3, 2, 9, 0)), SlaState::OnTrack, "before it was raised");
        assert_eq!(state(at(2026, 3, 2, 12, 0)), SlaState::OnTrack);
        assert_eq!(state(at(2026, 3, 3, 5, 11)), SlaState::OnTrack);
        assert_eq!(state(at(2026, 3, 3, 5, 12)), SlaState::DueSoon);
        assert_eq!(state(at(2026, 3, 3, 9, 59)), SlaState::DueSoon);
        assert_eq!(state(at(2026, 3, 3, 10, 0)), SlaState::Breached, "answering at the deadline is late");
        assert_eq!(state(at(2026, 4, 1, 10, 0)), SlaState::Breached);
    }

    #[test]
    fn a_demand_stays_on_track_while_the_holiday_stops_the_clock() {
        let calendar = china();
        let created = at(2026, 9, 30, 16, 0);
        let due = due_at(created, High, &calendar);
        assert_eq!(sla_state(created, due, at(2026, 10, 5, 12, 0), &calendar), SlaState::OnTrack);
        assert_eq!(sla_state(created, due, at(2026, 10, 8, 11, 12), &calendar), SlaState::DueSoon);
    }

    #[test]
    fn a_deadline_before_the_demand_is_simply_breached() {
        let calendar = china();
        let created = at(2026, 3, 2, 10, 0);
        assert_eq!(warning_at(created, at(2026, 3, 1, 0, 0), &calendar), created);
        assert_eq!(sla_state(created, at(2026, 3, 1, 0, 0), created, &calendar), SlaState::Breached);
    }

    #[test]
    fn priorities_are_labelled_as_users_see_them() {
        let labels: Vec<&str> = Priority::ALL.iter().map(|p| p.chinese_name()).collect();
        assert_eq!(labels, ["高", "中", "低"]);
    }

    fn any_priority() -> impl Strategy<Value = Priority> {
        prop::sample::select(Priority::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn the_deadline_is_the_same_time_on_the_nth_working_day_after_the_clock_starts(
            calendar in any_calendar(), created in any_instant(), priority in any_priority()
        ) {
            let start = calendar.clock_start(created);
            let day = calendar.add_working_days(start.date(), priority.response_working_days());
            prop_assert_eq!(due_at(created, priority, &calendar), day.and_time(start.time()));
        }

        #[test]
        fn the_deadline_leaves_exactly_the_response_time(
            calendar in any_calendar(), created in any_instant(), priority in any_priority()
        ) {
            let due = due_at(created, priority, &calendar);
            prop_assert!(calendar.is_working_day(due.date()));
            prop_assert_eq!(calendar.working_time_between(created, due), priority.response_time());
        }

        #[test]
        fn a_later_demand_is_never_due_earlier(
            calendar in any_calendar(), a in any_instant(), b in any_instant(), priority in any_priority()
        ) {
            let (earlier, later) = (a.min(b), a.max(b));
            prop_assert!(due_at(earlier, priority, &calendar) <= due_at(later, priority, &calendar));
        }

        #[test]
        fn a_higher_priority_is_never_due_later(calendar in any_calendar(), created in any_instant()) {
            let due: Vec<NaiveDateTime> = Priority::ALL.iter().map(|p| due_at(created, *p, &calendar)).collect();
            prop_assert!(due[0] < due[1] && due[1] < due[2]);
        }

        #[test]
        fn the_state_only_gets_worse_as_time_passes(
            calendar in any_calendar(), created in any_instant(), priority in any_priority(),
            a in any_instant(), b in any_instant()
        ) {
            let due = due_at(created, priority, &calendar);
            let warning = warning_at(created, due, &calendar);
            prop_assert!(calendar.clock_start(created) <= warning && warning < due);
            let (earlier, later) = (a.min(b), a.max(b));
            prop_assert!(sla_state(created, due, earlier, &calendar) <= sla_state(created, due, later, &calendar));
        }
    }
}
