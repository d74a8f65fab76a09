//! Working-day calendar: weekends, public holidays and make-up working days (调休), and the response
//! deadlines computed over it.
//!
//! All times here are local wall-clock times in Asia/Shanghai as [`NaiveDateTime`](chrono::NaiveDateTime):
//! the server converts from and to UTC at its edge. China has had no daylight saving time since 1991,
//! so a local day is always exactly 24 hours long and the arithmetic below never meets a gap or a fold.
//!
//! - [`WorkCalendar`] answers "is this a working day?" and counts working days and working time.
//! - [`holidays::mainland_china`] is the State Council's schedule as data, for the server to seed into
//!   the table that administrators edit.
//! - [`due_at`], [`warning_at`] and [`sla_state`] are the response SLA of a demand (需求) by
//!   [`Priority`]; [`task_reminder_date`] and [`task_finishes_to_remind`] place the "due tomorrow"
//!   reminder of a task.
//!
//! Pure logic takes its clock: nothing here reads the system time; `now` and the calendar are arguments.

pub mod holidays;
mod sla;
mod task;
mod work_calendar;
mod working_time;

#[cfg(test)]
mod test_support;

pub use holidays::{DayKind, Festival, HolidayEntry};
pub use sla::{Priority, SlaState, WARNING_PERCENT, due_at, sla_state, warning_at};
pub use task::{task_finishes_to_remind, task_reminder_date};
pub use work_calendar::WorkCalendar;
