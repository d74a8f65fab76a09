//! A demand's response deadline and where it stands, in UTC, from the working-day calendar (which
//! counts in China Standard Time).

use chrono::{DateTime, Utc};
use crm_domain::calendar::{self, WorkCalendar};
use crm_types::demand::{Priority, SlaState};

use crate::china_time::{local, utc};

/// The domain's priority.
fn priority(p: Priority) -> calendar::Priority {
    match p {
        Priority::High => calendar::Priority::High,
        Priority::Medium => calendar::Priority::Medium,
        Priority::Low => calendar::Priority::Low,
    }
}

/// The response deadline of a demand raised at `created` with `p`.
pub fn due_at(created: DateTime<Utc>, p: Priority, calendar: &WorkCalendar) -> DateTime<Utc> {
    utc(calendar::due_at(local(created), priority(p), calendar))
}

/// When the "about to be breached" warning is due.
pub fn warning_at(created: DateTime<Utc>, due: DateTime<Utc>, calendar: &WorkCalendar) -> DateTime<Utc> {
    utc(calendar::warning_at(local(created), local(due), calendar))
}

/// Where a demand stands: answered in time or late, or — unanswered — against `now`.
pub fn state(
    created: DateTime<Utc>,
    due: DateTime<Utc>,
    responded: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    calendar: &WorkCalendar,
) -> SlaState {
    match responded {
        Some(at) if at > due => SlaState::Breached,
        Some(_) => SlaState::OnTrack,
        None => match calendar::sla_state(local(created), local(due), local(now), calendar) {
            calendar::SlaState::OnTrack => SlaState::OnTrack,
            calendar::SlaState::DueSoon => SlaState::DueSoon,
            calendar::SlaState::Breached => SlaState::Breached,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_high_priority_demand_raised_on_friday_evening_in_china_is_due_on_monday_evening() {
        // Friday 2026-03-06 17:00 in China is 09:00 UTC.
        let calendar = WorkCalendar::weekends_only();
        let due = due_at(at("2026-03-06T09:00:00Z"), Priority::High, &calendar);
        assert_eq!(due, at("2026-03-09T09:00:00Z"));
    }

    #[test]
    fn an_answer_after_the_deadline_stays_a_breach() {
        let calendar = WorkCalendar::weekends_only();
        let (created, due) = (at("2026-03-02T01:00:00Z"), at("2026-03-03T01:00:00Z"));
        assert_eq!(
            state(created, due, Some(at("2026-03-04T00:00:00Z")), at("2026-03-05T00:00:00Z"), &calendar),
            SlaState::Breached
        );
        assert_eq!(
            state(created, due, Some(at("2026-03-02T05:00:00Z")), at("2026-03-05T00:00:00Z"), &calendar),
            SlaState::OnTrack
        );
        assert_eq!(state(created, due, None, at("2026-03-02T02:00:00Z"), &calendar), SlaState::OnTrack);
        assert_eq!(state(created, due, None, at("2026-03-03T00:00:00Z"), &calendar), SlaState::DueSoon);
        assert_eq!(state(created, due, None, at("2026-03-03T01:00:00Z"), &calendar), SlaState::Breached);
    }
}
