//! Demands (需求): a customer's need with a priority whose response deadline is counted over the
//! working-day calendar, a status flow that ends with the customer's confirmation attached
//! (`crm_domain::workflow::demand`), and the tasks it is split into. A demand belongs to its customer:
//! it is seen by those who see the customer at the demand data scope (`policy::demands`).

pub mod queries;
pub mod routes;
pub mod service;
pub mod sla;
