//! Reads of the administration data, each behind the proof of the right that reads it, and the wire
//! forms the service answers with too.

pub mod api_keys;
pub mod audit_log;
pub mod calendar;
pub mod deliveries;
pub mod departments;
pub mod modules;
pub mod roles;
pub mod settings;
pub mod users;
