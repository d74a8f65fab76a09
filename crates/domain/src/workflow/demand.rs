//! The demand status flow: open › in progress › awaiting confirmation › done, one step at a time, with
//! a way back from awaiting confirmation when the customer asks for more. Done is final.

use crm_types::demand::DemandStatus::{self, AwaitingConfirmation, Done, InProgress, Open};

/// Where a demand in `from` may go next, in the order the SPA offers them.
pub fn next_steps(from: DemandStatus) -> &'static [DemandStatus] {
    match from {
        Open => &[InProgress],
        InProgress => &[AwaitingConfirmation],
        AwaitingConfirmation => &[Done, InProgress],
        Done => &[],
    }
}

/// Whether a demand may move from `from` to `to`.
pub fn can_move(from: DemandStatus, to: DemandStatus) -> bool {
    next_steps(from).contains(&to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demand_moves_forward_one_step_and_back_only_from_awaiting_confirmation() {
        let allowed: Vec<(DemandStatus, DemandStatus)> = DemandStatus::ALL
            .iter()
            .flat_map(|a| DemandStatus::ALL.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| can_move(*a, *b))
            .collect();
        assert_eq!(
            allowed,
            [
                (Open, InProgress),
                (InProgress, AwaitingConfirmation),
                (AwaitingConfirmation, InProgress),
                (AwaitingConfirmation, Done)
            ]
        );
    }
}
