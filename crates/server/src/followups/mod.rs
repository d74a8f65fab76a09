//! Follow-ups (跟进记录): the rep's record of each contact with a customer — what was said, who took
//! part, what comes next — with the manager's review (审核). A follow-up belongs to its customer: it is
//! seen by those who see the customer at the follow-up data scope (`policy::followups`).

pub mod queries;
pub mod routes;
pub mod service;
