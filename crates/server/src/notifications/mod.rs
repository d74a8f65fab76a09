//! Notifications (提醒): raised into a user's bell inside the transaction of what caused them, once per
//! dedupe key, and delivered through the user's outside channels — e-mail, SMS, an enterprise IM robot —
//! by the delivery worker, with retries and a delivery log.
//!
//! `routes` (the bell under `/api/v1/notifications`: list, unread count, mark read, preferences),
//! `queries` (the bell's page and count, a user's preferences), `service` (marking read, saving
//! preferences); `raise`, `deliveries`, `channels` and `messages` are how notifications are raised
//! and sent.

pub mod channels;
pub mod deliveries;
pub mod messages;
pub mod queries;
pub mod raise;
pub mod routes;
pub mod service;
