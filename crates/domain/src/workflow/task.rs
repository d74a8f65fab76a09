//! The task status flow: a task starts, finishes or is delayed; a delayed task resumes or finishes;
//! a finished task stays finished. (A delay needs a reason, and a task of a demand whose plan waits for
//! approval neither starts nor finishes — rules the server checks beside the flow.)

use crm_types::task::TaskStatus::{self, Delayed, Done, InProgress, Pending};

/// Where a task in `from` may go next, in the order the SPA offers them.
pub fn next_steps(from: TaskStatus) -> &'static [TaskStatus] {
    match from {
        Pending => &[InProgress, Done, Delayed],
        InProgress => &[Done, Delayed],
        Delayed => &[InProgress, Done],
        Done => &[],
    }
}

/// Whether a task may move from `from` to `to`.
pub fn can_move(from: TaskStatus, to: TaskStatus) -> bool {
    next_steps(from).contains(&to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_task_stays_finished_and_only_an_open_one_is_delayed() {
        assert!(TaskStatus::ALL.iter().all(|to| !can_move(Done, *to)));
        assert!(can_move(Pending, Delayed) && can_move(InProgress, Delayed) && !can_move(Delayed, Delayed));
        assert!(can_move(Delayed, InProgress) && can_move(Delayed, Done));
        assert!(!can_move(InProgress, Pending) && !can_move(Delayed, Pending));
    }
}
