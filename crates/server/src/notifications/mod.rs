//! Notifications (提醒): raised into a user's bell inside the transaction of what caused them, once per
//! dedupe key, and delivered through the user's outside channels — e-mail, SMS, an enterprise IM robot —
//! by the delivery worker, with retries and a delivery log.

pub mod channels;
pub mod deliveries;
pub mod messages;
pub mod raise;
