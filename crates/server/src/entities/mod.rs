//! sea-orm entities: the server's view of the tables. Entities never leave this crate; handlers turn
//! them into `crm-types` DTOs.

pub mod refresh_tokens;
pub mod users;
