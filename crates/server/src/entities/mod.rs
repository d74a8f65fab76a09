//! sea-orm entities: the server's view of the tables. Entities never leave this crate; handlers turn
//! them into `crm-types` DTOs.

pub mod api_keys;
pub mod audit_head;
pub mod audit_log;
pub mod departments;
pub mod dictionary_items;
pub mod login_throttles;
pub mod modules;
pub mod password_resets;
pub mod refresh_tokens;
pub mod roles;
pub mod users;
