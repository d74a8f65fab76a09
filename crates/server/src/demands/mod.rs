//! Demands (需求): a customer's need with a priority whose response deadline is counted over the
//! working-day calendar, a status flow that ends with the customer's confirmation attached, and the
//! tasks it is split into. A demand belongs to its customer: it is seen by those who see the customer
//! at the demand data scope.

pub mod record;
pub mod scope;
pub mod sla;
pub mod workflow;
