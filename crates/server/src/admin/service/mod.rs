//! Changes to the administration data. Each function takes the caller, the proof of the right
//! (`policy::admin::Admin`) and a transaction, and records the change in the audit log with it.

pub mod api_keys;
pub mod calendar;
pub mod departments;
pub mod modules;
pub mod roles;
pub mod settings;
pub mod users;
